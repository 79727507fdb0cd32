package org.datarecall.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.SqlValues;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads the case histories; {@link org.datarecall.casework.CaseWriter} appends to them. */
@ApplicationScoped
public class EventLog {

    @Inject
    DataSource dataSource;

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
