package org.datarecall.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.platform.jdbc.DatabaseException;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Recomputes every event chain of a campaign in one ordered pass inside the database. An event is
 * broken when its hash is not the hash of its content and previous hash, when its previous hash is
 * not the hash of the event before it, when its sequence number skips, or when it is the last stored
 * event of its case but not the case's recorded chain head (events removed from the end).
 * The first broken event is the lowest (case id, seq).
 */
@ApplicationScoped
public class IntegrityCheck {

    private static final String GENESIS = "'\\x" + "00".repeat(32) + "'::bytea";

    private static final String CHECK = """
            WITH chain AS (
                SELECT e.case_id, e.seq,
                       e.hash <> dr_event_hash(e.prev_hash, e.case_id, e.seq, e.type, e.from_state, e.to_state,
                                               e.actor, e.at, e.data)
                       OR e.prev_hash <> coalesce(lag(e.hash) OVER w, GENESIS)
                       OR e.seq <> coalesce(lag(e.seq) OVER w, 0) + 1
                       OR (lead(e.seq) OVER w IS NULL AND (e.seq <> c.event_count OR e.hash <> c.last_event_hash))
                       AS broken
                FROM dr_case_event e JOIN dr_case c ON c.id = e.case_id
                WHERE e.campaign_id = ?
                WINDOW w AS (PARTITION BY e.case_id ORDER BY e.seq)
            )
            SELECT count(*) AS checked,
                   (array_agg(case_id ORDER BY case_id, seq) FILTER (WHERE broken))[1] AS broken_case,
                   (array_agg(seq ORDER BY case_id, seq) FILTER (WHERE broken))[1] AS broken_seq,
                   (SELECT coalesce(sum(event_count), 0) FROM dr_case WHERE campaign_id = ?) AS recorded
            FROM chain
            """.replace("GENESIS", GENESIS);

    /** Only when counts disagree and no chain is broken: a case lost all its events. Find it. */
    private static final String EMPTY_CHAIN = """
            SELECT c.id FROM dr_case c
            WHERE c.campaign_id = ? AND NOT EXISTS (
                SELECT 1 FROM dr_case_event e WHERE e.campaign_id = c.campaign_id AND e.case_id = c.id)
            ORDER BY c.id LIMIT 1
            """;

    @Inject
    DataSource dataSource;

    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public IntegrityReport check(UUID campaignId) {
        try (Connection con = dataSource.getConnection()) {
            try (Statement st = con.createStatement()) {
                // One consistent snapshot for both reads, and room to hash-join a million case heads in memory.
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                st.execute("SET LOCAL work_mem = '256MB'");
            }
            long checked;
            long recorded;
            try (PreparedStatement ps = con.prepareStatement(CHECK)) {
                ps.setObject(1, campaignId);
                ps.setObject(2, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    checked = rs.getLong("checked");
                    recorded = rs.getLong("recorded");
                    UUID brokenCase = rs.getObject("broken_case", UUID.class);
                    if (brokenCase != null) {
                        return new IntegrityReport(false, checked,
                                new IntegrityReport.BrokenEvent(brokenCase, rs.getInt("broken_seq")));
                    }
                }
            }
            if (checked != recorded) {
                try (PreparedStatement ps = con.prepareStatement(EMPTY_CHAIN)) {
                    ps.setObject(1, campaignId);
                    try (ResultSet rs = ps.executeQuery()) {
                        UUID emptyCase = rs.next() ? rs.getObject(1, UUID.class) : null;
                        return new IntegrityReport(false, checked,
                                emptyCase == null ? null : new IntegrityReport.BrokenEvent(emptyCase, 1));
                    }
                }
            }
            return new IntegrityReport(true, checked, null);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
