package org.datarecall.casework;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.datarecall.evidence.EventHash;
import org.datarecall.platform.DatabaseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stores accepted transitions, one or thousands at a time, in two set-based statements: the events
 * (each hashed onto its case's chain head) and the cases' new snapshot, timers and head. The caller
 * holds the cases' row locks; a head that moved anyway is an error, never a forked chain.
 */
@ApplicationScoped
public class CaseWriter {

    /** Event data is written by a mapper of its own, so that application JSON settings never change stored text. */
    private static final ObjectMapper EVENT_DATA = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static final String INSERT_EVENTS = """
            INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
            SELECT v.campaign_id, v.case_id, v.seq, v.type, v.from_state, v.to_state, v.actor, v.at, v.data,
                   decode(v.prev_hash, 'hex'), decode(v.hash, 'hex')
            FROM unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                        ?::text[], ?::text[], ?::text[])
                 AS v(campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
            """;

    private static final String UPDATE_CASES = """
            UPDATE dr_case c SET state = v.state, round = v.round, due_at = v.due_at, verification_basis = v.basis,
                   state_since = v.state_since, reminded_offset_s = v.reminded, next_reminder_at = v.next_reminder_at,
                   escalate_at = v.escalate_at, link_token_id = v.link_token_id, version = c.version + 1,
                   event_count = v.seq, last_event_hash = decode(v.hash, 'hex'), updated_at = v.at
            FROM unnest(?::uuid[], ?::int[], ?::text[], ?::int[], ?::timestamptz[], ?::text[], ?::timestamptz[],
                        ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::uuid[], ?::text[], ?::timestamptz[])
                 AS v(id, seq, state, round, due_at, basis, state_since, reminded, next_reminder_at, escalate_at,
                      link_token_id, hash, at)
            WHERE c.id = v.id AND c.event_count = v.seq - 1
            """;

    // One case at a time (the portal, staff actions) binds plain values: building and parsing a
    // dozen one-element arrays cost more than the row itself.
    private static final String INSERT_EVENT = """
            INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
            VALUES (?::uuid, ?::uuid, ?, ?, ?, ?, ?, ?::timestamptz, ?, decode(?, 'hex'), decode(?, 'hex'))
            """;

    private static final String UPDATE_CASE = """
            UPDATE dr_case SET state = ?, round = ?, due_at = ?::timestamptz, verification_basis = ?,
                   state_since = ?::timestamptz, reminded_offset_s = ?::bigint, next_reminder_at = ?::timestamptz,
                   escalate_at = ?::timestamptz, link_token_id = ?::uuid, version = version + 1,
                   event_count = ?, last_event_hash = decode(?, 'hex'), updated_at = ?::timestamptz
            WHERE id = ?::uuid AND event_count = ? - 1
            """;

    @Inject
    DataSource dataSource;

    /** Stores the transitions; answers each case's new version, in order. */
    public long[] write(List<CaseTransition> transitions) {
        int n = transitions.size();
        long[] versions = new long[n];
        if (n == 0) {
            return versions;
        }
        String[] campaign = new String[n], caseId = new String[n], type = new String[n], from = new String[n],
                to = new String[n], actor = new String[n], at = new String[n], data = new String[n],
                prev = new String[n], hash = new String[n], dueAt = new String[n], basis = new String[n],
                since = new String[n], nextReminder = new String[n], escalate = new String[n], link = new String[n];
        Integer[] seq = new Integer[n], round = new Integer[n];
        Long[] reminded = new Long[n];
        for (int i = 0; i < n; i++) {
            CaseTransition t = transitions.get(i);
            CaseRecord c = t.before();
            seq[i] = c.head().eventCount() + 1;
            campaign[i] = c.campaignId().toString();
            caseId[i] = c.id().toString();
            type[i] = t.event().type().name();
            from[i] = t.event().fromState() == null ? null : t.event().fromState().name();
            to[i] = t.event().toState().name();
            actor[i] = t.actor();
            at[i] = t.at().toString();
            data[i] = json(t);
            prev[i] = HEX.formatHex(c.head().lastEventHash());
            hash[i] = HEX.formatHex(EventHash.of(c.head().lastEventHash(), c.id(), seq[i], type[i], from[i], to[i],
                    actor[i], t.at(), data[i]));
            round[i] = t.next().round();
            dueAt[i] = text(t.next().dueAt());
            basis[i] = t.next().verificationBasis() == null ? null : t.next().verificationBasis().name();
            CaseTimers timers = t.nextTimers();
            since[i] = text(timers.stateSince());
            reminded[i] = timers.remindedOffsetSeconds();
            nextReminder[i] = text(timers.nextReminderAt());
            escalate[i] = text(timers.escalateAt());
            link[i] = timers.linkTokenId() == null ? null : timers.linkTokenId().toString();
            versions[i] = c.version() + 1;
        }
        try (Connection con = dataSource.getConnection()) {
            if (n == 1) {
                String state = transitions.get(0).next().state().name();
                writeOne(con, new Object[] { campaign[0], caseId[0], seq[0], type[0], from[0], to[0], actor[0], at[0],
                        data[0], prev[0], hash[0] }, new Object[] { state, round[0], dueAt[0], basis[0], since[0],
                        reminded[0], nextReminder[0], escalate[0], link[0], seq[0], hash[0], at[0], caseId[0],
                        seq[0] });
                return versions;
            }
            try (PreparedStatement ps = con.prepareStatement(INSERT_EVENTS)) {
                Object[][] columns = { campaign, caseId, seq, type, from, to, actor, at, data, prev, hash };
                String[] types = { "text", "text", "int4", "text", "text", "text", "text", "text", "text", "text",
                        "text" };
                bind(con, ps, columns, types);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = con.prepareStatement(UPDATE_CASES)) {
                String[] state = new String[n];
                for (int i = 0; i < n; i++) {
                    state[i] = transitions.get(i).next().state().name();
                }
                Object[][] columns = { caseId, seq, state, round, dueAt, basis, since, reminded, nextReminder,
                        escalate, link, hash, at };
                String[] types = { "text", "int4", "text", "int4", "text", "text", "text", "int8", "text", "text",
                        "text", "text", "text" };
                bind(con, ps, columns, types);
                int updated = ps.executeUpdate();
                if (updated != n) {
                    throw new IllegalStateException("the chain head of " + (n - updated)
                            + " case(s) moved while they were locked");
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
        return versions;
    }

    private static void writeOne(Connection con, Object[] event, Object[] update) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(INSERT_EVENT)) {
            bindValues(ps, event);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = con.prepareStatement(UPDATE_CASE)) {
            bindValues(ps, update);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("the chain head of the case moved while it was locked");
            }
        }
    }

    /** Plain values: ids as uuid, numbers as themselves, everything else (times included) as text. */
    private static void bindValues(PreparedStatement ps, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof Integer number) {
                ps.setInt(i + 1, number);
            } else if (v instanceof Long number) {
                ps.setLong(i + 1, number);
            } else if (v == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                ps.setString(i + 1, v.toString());
            }
        }
    }

    private static void bind(Connection con, PreparedStatement ps, Object[][] columns, String[] types)
            throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            ps.setArray(i + 1, con.createArrayOf(types[i], columns[i]));
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String json(CaseTransition t) {
        try {
            return EVENT_DATA.writeValueAsString(t.event().data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be written", e);
        }
    }
}
