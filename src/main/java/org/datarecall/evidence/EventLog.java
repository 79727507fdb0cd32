package org.datarecall.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.casework.domain.CaseEvent;
import org.datarecall.casework.domain.CaseSnapshot;
import org.datarecall.platform.DatabaseException;
import org.datarecall.platform.SqlValues;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The case histories. Appending an event and moving the case to its next snapshot is one SQL
 * statement: the event's hash is computed by the database from the case's chain head
 * ({@code dr_event_hash}, see the migration), and the head moves to the new event in the same step.
 * The caller must hold the case's row lock.
 */
@ApplicationScoped
public class EventLog {

    /** Event data is written by a mapper of its own, so that application JSON settings never change stored text. */
    private static final ObjectMapper DATA = new ObjectMapper();

    private static final String APPEND = """
            WITH params AS (
                SELECT ?::uuid AS case_id, ?::text AS type, ?::text AS from_state, ?::text AS to_state,
                       ?::text AS actor, ?::timestamptz AS at, ?::text AS data
            ), appended AS (
                INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
                SELECT c.campaign_id, c.id, c.event_count + 1, p.type, p.from_state, p.to_state, p.actor, p.at, p.data,
                       c.last_event_hash,
                       dr_event_hash(c.last_event_hash, c.id, c.event_count + 1, p.type, p.from_state, p.to_state,
                                     p.actor, p.at, p.data)
                FROM dr_case c JOIN params p ON p.case_id = c.id
                RETURNING case_id, seq, hash
            )
            UPDATE dr_case c SET state = ?, round = ?, due_at = ?, verification_basis = ?, version = c.version + 1,
                   event_count = a.seq, last_event_hash = a.hash, updated_at = ?
            FROM appended a WHERE c.id = a.case_id
            RETURNING c.version
            """;

    @Inject
    DataSource dataSource;

    /** Appends the event and stores the snapshot it leads to; answers the case's new version. */
    public long append(UUID caseId, CaseEvent event, CaseSnapshot next, String actor, Instant at) {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(APPEND)) {
            ps.setObject(1, caseId);
            ps.setString(2, event.type().name());
            ps.setString(3, event.fromState() == null ? null : event.fromState().name());
            ps.setString(4, event.toState().name());
            ps.setString(5, actor);
            SqlValues.setInstant(ps, 6, at);
            ps.setString(7, DATA.writeValueAsString(event.data()));
            ps.setString(8, next.state().name());
            ps.setInt(9, next.round());
            SqlValues.setInstant(ps, 10, next.dueAt());
            ps.setString(11, next.verificationBasis() == null ? null : next.verificationBasis().name());
            SqlValues.setInstant(ps, 12, at);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("case " + caseId + " does not exist");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be written", e);
        }
    }

    /** A page of one case's history, oldest first, after {@code afterSeq}. */
    public List<StoredEvent> history(UUID campaignId, UUID caseId, int afterSeq, int limit) {
        String sql = "SELECT seq, type, from_state, to_state, actor, at, data, encode(prev_hash, 'hex') AS prev_hash, "
                + "encode(hash, 'hex') AS hash FROM dr_case_event WHERE campaign_id = ? AND case_id = ? AND seq > ? "
                + "ORDER BY seq LIMIT ?";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, campaignId);
            ps.setObject(2, caseId);
            ps.setInt(3, afterSeq);
            ps.setInt(4, limit);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getInt("seq"), rs.getString("type"), rs.getString("from_state"),
                            rs.getString("to_state"), rs.getString("actor"), SqlValues.instant(rs, "at"),
                            rs.getString("data"), rs.getString("prev_hash"), rs.getString("hash")));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
