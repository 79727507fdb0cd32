package org.datarecall.evidence;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.platform.http.CsvCells;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlSelection;
import org.datarecall.platform.jdbc.DatabaseException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The campaign report, one CSV row per case, streamed from a database cursor: memory stays flat
 * whatever the campaign's size. Milestone times come from the case's own event history; the access
 * columns from the platform's records (days as their UTC start), as the case JSON shows them.
 */
@ApplicationScoped
public class CaseReport {

    static final List<String> COLUMNS = List.of("caseId", "developerId", "name", "email", "riskTier", "state", "round",
            "dueAt", "notifiedAt", "deletionRequestedAt", "attestedAt", "verifiedAt", "verificationBasis",
            "remindersSent", "escalatedAt", "firstAccessAt", "lastRecordedAccessAt", "usersAffected", "revokedAt",
            "findings", "attestationId", "attestationSha256");

    /**
     * Read as {@link OffsetDateTime} and written as {@link java.time.Instant#toString()}, which is how
     * the JSON API writes the same instants: plain {@code getObject} gives a {@code Timestamp}, whose
     * text is local time without a zone.
     */
    private static final Set<String> TIMES = Set.of("dueAt", "notifiedAt", "deletionRequestedAt", "attestedAt",
            "verifiedAt", "escalatedAt", "firstAccessAt", "lastRecordedAccessAt", "revokedAt");

    /** {@link #TIMES} by column number (from 1), looked up per cell without hashing a name. */
    private static final boolean[] IS_TIME = new boolean[COLUMNS.size() + 1];

    static {
        for (int i = 0; i < COLUMNS.size(); i++) {
            IS_TIME[i + 1] = TIMES.contains(COLUMNS.get(i));
        }
    }

    /** Past the report's columns in the pack's rows: whether an audit was ever asked for the case. */
    public static final int AUDITED = COLUMNS.size() + 1;
    /** Past the report's columns in the pack's rows: whether the case was ever escalated. */
    public static final int ESCALATED = COLUMNS.size() + 2;
    /** Past the report's columns in the pack's rows: days from the first deletion request to the first attestation. */
    public static final int DAYS_TO_ATTEST = COLUMNS.size() + 3;

    /** A report column's number (from 1) in a result set. */
    public static int column(String name) {
        int i = COLUMNS.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no report column " + name);
        }
        return i + 1;
    }

    /** Told each row of the pack's report as it is written, with the columns past the report's. */
    @FunctionalInterface
    public interface RowTally {
        void row(ResultSet rs) throws SQLException;
    }

    private static final String QUERY = """
            SELECT c.id, c.developer_id, c.name, c.email, c.risk_tier, c.state, c.round, c.due_at,
                   m.notified_at, m.deletion_requested_at, m.attested_at, m.verified_at, c.verification_basis,
                   (SELECT count(*) FROM dr_notice n WHERE n.case_id = c.id AND n.kind = 'REMINDER') AS reminders_sent,
                   m.escalated_at, a.first_day::timestamp AT TIME ZONE 'UTC', a.last_day::timestamp AT TIME ZONE 'UTC',
                   a.users_affected, a.revoked_at,
                   (SELECT string_agg(f.kind, ';' ORDER BY f.kind) FROM dr_finding f WHERE f.case_id = c.id),
                   t.id, t.sha256
            FROM dr_case c
            LEFT JOIN LATERAL (
                SELECT min(e.at) FILTER (WHERE e.type = 'NOTIFIED') AS notified_at,
                       min(e.at) FILTER (WHERE e.type = 'DELETION_REQUESTED') AS deletion_requested_at,
                       max(e.at) FILTER (WHERE e.type = 'ATTESTATION_RECEIVED') AS attested_at,
                       max(e.at) FILTER (WHERE e.to_state = 'VERIFIED') AS verified_at,
                       max(e.at) FILTER (WHERE e.to_state = 'ESCALATED' AND e.from_state <> 'ESCALATED') AS escalated_at
                FROM dr_case_event e WHERE e.campaign_id = c.campaign_id AND e.case_id = c.id
            ) m ON true
            CROSS JOIN LATERAL dr_case_access(c.campaign_id, c.app_ids) a
            LEFT JOIN LATERAL (
                SELECT t.id, t.sha256 FROM dr_attestation t WHERE t.case_id = c.id ORDER BY t.round DESC LIMIT 1
            ) t ON true
            WHERE c.campaign_id = ? AND c.developer_id > ?
            """;

    /**
     * The whole campaign's report (the evidence pack's, read once in its snapshot): the same columns as
     * {@link #QUERY}, from one pass over each table — the events, reminders, findings and attestations
     * grouped by case, the platform's records and revocations joined to the cases' apps ({@code revokedAt}
     * once every app of a case is revoked, as {@code dr_case_access} says) — instead of five looks per case.
     * Past the report's columns come three that the pack's statement counts in the same pass
     * ({@link #AUDITED}, {@link #ESCALATED}, {@link #DAYS_TO_ATTEST}). FILTER_* narrow it to one case.
     */
    private static final String WHOLE = """
            WITH m AS (
                SELECT e.case_id,
                       min(e.at) FILTER (WHERE e.type = 'NOTIFIED') AS notified_at,
                       min(e.at) FILTER (WHERE e.type = 'DELETION_REQUESTED') AS deletion_requested_at,
                       max(e.at) FILTER (WHERE e.type = 'ATTESTATION_RECEIVED') AS attested_at,
                       max(e.at) FILTER (WHERE e.to_state = 'VERIFIED') AS verified_at,
                       max(e.at) FILTER (WHERE e.to_state = 'ESCALATED' AND e.from_state <> 'ESCALATED') AS escalated_at,
                       bool_or(e.type = 'AUDIT_REQUESTED') AS audited, bool_or(e.type = 'ESCALATED') AS escalated,
                       (extract(epoch FROM min(e.at) FILTER (WHERE e.type = 'ATTESTATION_RECEIVED')
                           - min(e.at) FILTER (WHERE e.type = 'DELETION_REQUESTED')) / 86400)::float8 AS days_to_attest
                FROM dr_case_event e WHERE e.campaign_id = :campaign FILTER_EVENTS GROUP BY e.case_id
            ), n AS (
                SELECT n.case_id, count(*) AS reminders FROM dr_notice n
                WHERE n.campaign_id = :campaign AND n.kind = 'REMINDER' FILTER_NOTICES GROUP BY n.case_id
            ), f AS (
                SELECT f.case_id, string_agg(f.kind, ';' ORDER BY f.kind) AS kinds FROM dr_finding f
                WHERE f.campaign_id = :campaign FILTER_FINDINGS GROUP BY f.case_id
            ), t AS (
                SELECT DISTINCT ON (t.case_id) t.case_id, t.id, t.sha256 FROM dr_attestation t
                WHERE t.campaign_id = :campaign FILTER_ATTESTATIONS ORDER BY t.case_id, t.round DESC
            ), app AS NOT MATERIALIZED (
                SELECT c.id AS case_id, unnest(c.app_ids) AS app_id FROM dr_case c WHERE c.campaign_id = :campaign FILTER_CASES
            ), rec AS (
                SELECT app.case_id, min(r.day) FILTER (WHERE r.calls > 0) AS first_day,
                       max(r.day) FILTER (WHERE r.calls > 0) AS last_day, max(r.users_affected) AS users
                FROM app JOIN dr_access_record r ON r.campaign_id = :campaign AND r.app_id = app.app_id GROUP BY app.case_id
            ), rev AS (
                SELECT app.case_id, count(DISTINCT v.app_id) AS revoked, max(v.revoked_at) AS latest
                FROM app JOIN dr_revocation v ON v.campaign_id = :campaign AND v.app_id = app.app_id GROUP BY app.case_id
            )
            SELECT c.id, c.developer_id, c.name, c.email, c.risk_tier, c.state, c.round, c.due_at,
                   m.notified_at, m.deletion_requested_at, m.attested_at, m.verified_at, c.verification_basis,
                   coalesce(n.reminders, 0) AS reminders_sent, m.escalated_at,
                   rec.first_day::timestamp AT TIME ZONE 'UTC', rec.last_day::timestamp AT TIME ZONE 'UTC', rec.users,
                   CASE WHEN rev.revoked IS NOT NULL THEN
                       CASE WHEN rev.revoked = (SELECT count(DISTINCT x) FROM unnest(c.app_ids) x) THEN rev.latest END END,
                   f.kinds, t.id, t.sha256, m.audited, m.escalated, m.days_to_attest
            FROM dr_case c
            LEFT JOIN m ON m.case_id = c.id
            LEFT JOIN n ON n.case_id = c.id
            LEFT JOIN f ON f.case_id = c.id
            LEFT JOIN t ON t.case_id = c.id
            LEFT JOIN rec ON rec.case_id = c.id
            LEFT JOIN rev ON rev.case_id = c.id
            WHERE c.campaign_id = :campaign FILTER_CASES
            ORDER BY c.developer_id
            """;

    private static final String ORDER = " ORDER BY c.developer_id LIMIT ?";

    /** Rows read per statement when the report goes to a client: a connection is held for one chunk only. */
    static final int CHUNK = 2000;

    @Inject
    DataSource dataSource;

    /**
     * The report to a client. Read in chunks of {@link #CHUNK} rows by developer id, each on a pooled
     * connection without a transaction, and written after the connection is back: a slow reader holds
     * neither a connection nor a snapshot. Each chunk is consistent in itself; a case that changes while
     * the report is read shows as it was when its chunk was read (the evidence pack, which needs one
     * snapshot, reads the report inside its own transaction instead).
     */
    public void write(UUID campaignId, OutputStream out) {
        write(campaignId, null, out);
    }

    /** The report of the cases {@code only} selects (all of the campaign's when null), as {@link #write(UUID, OutputStream)}. */
    public void write(UUID campaignId, SqlSelection only, OutputStream out) {
        try {
            Writer writer = writer(out);
            header(writer);
            String after = null;
            while (true) {
                StringWriter chunk = new StringWriter(CHUNK * 256);
                String last = chunk(campaignId, only, after, chunk);
                writer.write(chunk.toString());
                writer.flush();
                if (last == null) {
                    return;
                }
                after = last;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One chunk after {@code after} into {@code into}; answers the last developer id, or null after the last chunk. */
    private String chunk(UUID campaignId, SqlSelection only, String after, Writer into) throws IOException {
        try (Connection con = dataSource.getConnection()) {
            long[] rows = { 0 };
            String last = rows(con, campaignId, only, after, into, rows);
            return rows[0] < CHUNK ? null : last;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /**
     * The report on the caller's connection and transaction (the evidence pack reads it in its snapshot);
     * with a {@code caseId}, that case's row only. {@code tally} is told each row as it is written, so the
     * pack's statement is counted from the same pass.
     */
    public void write(Connection con, UUID campaignId, UUID caseId, OutputStream out, RowTally tally) throws SQLException {
        try {
            Writer writer = writer(out);
            header(writer);
            String whole = WHOLE.replace(":campaign", "'" + campaignId + "'::uuid");
            for (String[] filter : new String[][] { { "FILTER_EVENTS", "e.case_id" }, { "FILTER_NOTICES", "n.case_id" },
                    { "FILTER_FINDINGS", "f.case_id" }, { "FILTER_ATTESTATIONS", "t.case_id" }, { "FILTER_CASES", "c.id" } }) {
                whole = whole.replace(filter[0], caseId == null ? "" : " AND " + filter[1] + " = '" + caseId + "'::uuid");
            }
            String sql = whole;
            Jdbc.withoutNestedLoops(con, () -> {
                try (PreparedStatement ps = con.prepareStatement(sql)) {
                    ps.setFetchSize(2000);
                    try (ResultSet rs = ps.executeQuery()) {
                        write(rs, writer, new long[1], tally);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return null;
            });
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Writer writer(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    }

    private static void header(Writer writer) throws IOException {
        writer.write(String.join(",", COLUMNS));
        writer.write("\r\n");
    }

    /** Writes at most {@link #CHUNK} rows after developer id {@code after} (from the first when null); answers the last developer id. */
    private static String rows(Connection con, UUID campaignId, SqlSelection only, String after, Writer writer,
            long[] count) throws SQLException, IOException {
        String sql = QUERY + (only == null ? "" : " AND c.id IN (SELECT id FROM (" + only.sql() + ") only_these)") + ORDER;
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setFetchSize(2000);
            ps.setObject(1, campaignId);
            // Plain "> ?" (from "" for the first chunk: every id has a character) keeps the index range in a
            // generic plan too.
            ps.setString(2, after == null ? "" : after);
            int next = 3;
            if (only != null) {
                for (Object param : only.params()) {
                    Jdbc.bind(ps, next++, param);
                }
            }
            ps.setInt(next, CHUNK);
            try (ResultSet rs = ps.executeQuery()) {
                return write(rs, writer, count, null);
            }
        }
    }

    /** Writes every row of the result as CSV, telling {@code tally} (when there is one) each; answers the last developer id. */
    private static String write(ResultSet rs, Writer writer, long[] count, RowTally tally) throws SQLException, IOException {
        String last = null;
        while (rs.next()) {
            if (tally != null) {
                tally.row(rs);
            }
            for (int i = 1; i <= COLUMNS.size(); i++) {
                if (i > 1) {
                    writer.write(',');
                }
                writer.write(CsvCells.cell(IS_TIME[i] ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i)));
            }
            writer.write("\r\n");
            last = rs.getString(2);
            count[0]++;
        }
        return last;
    }
}
