package org.datarecall.evidence;

import java.util.List;
import java.util.UUID;

import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads the case histories; {@link org.datarecall.casework.CaseWriter} appends to them. */
@ApplicationScoped
public class EventLog {

    @Inject
    Jdbc jdbc;

    /** A page of one case's history, oldest first, after {@code afterSeq}. */
    public List<StoredEvent> history(UUID campaignId, UUID caseId, int afterSeq, int limit) {
        String sql = "SELECT seq, type, from_state, to_state, actor, at, data, encode(prev_hash, 'hex') AS prev_hash, "
                + "encode(hash, 'hex') AS hash FROM dr_case_event WHERE campaign_id = ? AND case_id = ? AND seq > ? "
                + "ORDER BY seq LIMIT ?";
        return jdbc.list(sql, rs -> new StoredEvent(rs.getInt("seq"), rs.getString("type"),
                rs.getString("from_state"), rs.getString("to_state"), rs.getString("actor"),
                SqlValues.instant(rs, "at"), rs.getString("data"), rs.getString("prev_hash"), rs.getString("hash")),
                campaignId, caseId, afterSeq, limit);
    }
}
