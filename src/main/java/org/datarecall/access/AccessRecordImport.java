package org.datarecall.access;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.ImportErrors;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.casework.CaseWriter;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.CopyWriter;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.Times;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Imports a campaign's platform access records, all or nothing, in bounded memory:
 * <ol>
 * <li>rows are read and checked one at a time and streamed with COPY into a temporary table;</li>
 * <li>each app is matched to the one case of the campaign that lists it, in one join;</li>
 * <li>the (app, day) pairs sent before are replaced, the rest inserted, in two set-based statements;
 * a pair repeated inside the upload trips the table's key, and only then is the upload searched for
 * every repeat (the happy path pays for no duplicate search);</li>
 * <li>any bad row rolls everything back and the answer lists the problems;</li>
 * <li>then risk tiers follow the records, and the findings are checked for the whole campaign.</li>
 * </ol>
 */
@ApplicationScoped
public class AccessRecordImport {

    private static final Logger LOG = Logger.getLogger(AccessRecordImport.class);

    /** What an import did: rows new to the campaign, rows that replaced different figures, rows sent again as they were. */
    public record Result(long created, long replaced, long unchanged) {
    }

    @Inject
    CampaignRepository campaigns;

    @Inject
    CaseWriter writer;

    @Inject
    FindingCheck findings;

    @Inject
    Jdbc jdbc;

    @Inject
    ObjectMapper json;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public Result importRecords(UUID campaignId, InputStream body, UploadFormat format, String actor) {
        Campaign campaign = campaigns.lockForUpload(campaignId, "access records");
        Instant now = Times.stored(clock.instant());
        AccessRecordUpload upload = new AccessRecordUpload(format, json.getFactory(),
                LocalDate.ofInstant(now, ZoneOffset.UTC), config.importing().maxReportedErrors());
        return jdbc.withConnection(con -> {
            Jdbc.longWork(con);
            long started = System.nanoTime();
            long staged = stage(con, body, upload);
            long read = System.nanoTime();
            AppCases.build(con, campaignId);
            Result result = upload.errors().any() ? null : merge(con, campaignId, staged, now);
            if (result == null) {
                reportRowsAtFault(con, upload.errors());
                LOG.infof("access records for campaign %s rejected: %d rows, %d problems", campaignId, staged,
                        upload.errors().count());
                throw upload.errors().rejection();
            }
            long merged = System.nanoTime();
            // Fresh statistics for the findings check in this transaction (ten million rows may be new);
            // only the table's owner may ANALYZE it, so the owner's procedure does (V11).
            Jdbc.update(con, "CALL dr_analyze_platform_records('dr_access_record')");
            riskTiers(con, campaign, result, now);
            long found = findings.check(con, campaign, null, actor, now);
            LOG.infof("access records for campaign %s: %d rows (%d created, %d replaced); read and staged in %d ms, "
                    + "merged in %d ms, tiers and %d new findings in %d ms", campaignId, staged, result.created(),
                    result.replaced(), (read - started) / 1_000_000, (merged - read) / 1_000_000, found,
                    (System.nanoTime() - merged) / 1_000_000);
            return result;
        });
    }

    /**
     * A first upload can only raise tiers: the cases with calls on a day in the recent-access window
     * become HIGH. A re-send may have replaced the very days that made a case HIGH, so every tier of
     * the campaign is recomputed from the records then.
     */
    private void riskTiers(Connection con, Campaign campaign, Result result, Instant now) throws SQLException {
        if (result.replaced() + result.unchanged() > 0) {
            writer.recomputeRiskTiers(campaign.id(), campaign.highRiskSince(), now);
            return;
        }
        CaseWriter.openHighRiskStage(con);
        Jdbc.update(con, """
                INSERT INTO dr_high_risk_stage (case_id)
                SELECT DISTINCT m.case_id FROM dr_access_import s JOIN dr_app_case m ON m.app_id = s.app_id
                WHERE s.calls > 0 AND s.day >= (?::timestamptz AT TIME ZONE 'UTC')::date
                """, campaign.highRiskSince());
        writer.raiseToHighRisk(con, now);
    }

    private static long stage(Connection con, InputStream body, AccessRecordUpload upload) throws SQLException {
        try (Statement st = con.createStatement()) {
            st.execute("CREATE TEMP TABLE dr_access_import (row_no bigint NOT NULL, app_id text NOT NULL, "
                    + "day date NOT NULL, calls bigint NOT NULL, users_affected bigint NOT NULL) ON COMMIT DROP");
        }
        try (CopyWriter copy = CopyWriter.open(con,
                "COPY dr_access_import (row_no, app_id, day, calls, users_affected) FROM STDIN")) {
            upload.read(body, r -> {
                copy.number(r.row()).text(r.appId()).plain(r.day()).number(r.calls()).number(r.usersAffected());
                copy.endRow();
            });
            copy.finish();
            try (Statement st = con.createStatement()) {
                st.execute("ANALYZE dr_access_import");
            }
            return copy.rows();
        }
    }

    /**
     * Replaces and inserts the staged rows; null when a row cannot be placed (an app of no case or of
     * two, a repeated (app, day)), after which the caller lists every row at fault.
     */
    private static Result merge(Connection con, UUID campaignId, long staged, Instant now) throws SQLException {
        long replaced = 0;
        long unchanged = 0;
        if (!Jdbc.list(con, "SELECT EXISTS (SELECT 1 FROM dr_access_record WHERE campaign_id = ?)",
                rs -> rs.getBoolean(1), campaignId).getFirst()) {
            // A first upload has nothing to replace.
        } else {
            long[] sent = Jdbc.list(con, """
                    SELECT count(*) FILTER (WHERE (r.calls, r.users_affected) IS DISTINCT FROM (s.calls, s.users_affected)),
                           count(*) FILTER (WHERE (r.calls, r.users_affected) = (s.calls, s.users_affected))
                    FROM dr_access_import s JOIN dr_access_record r
                      ON r.campaign_id = ? AND r.app_id = s.app_id AND r.day = s.day
                    """, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, campaignId).getFirst();
            replaced = sent[0];
            unchanged = sent[1];
            Jdbc.update(con, "DELETE FROM dr_access_record r USING dr_access_import s "
                    + "WHERE r.campaign_id = ? AND r.app_id = s.app_id AND r.day = s.day", campaignId);
        }
        // In SQL: the pool refuses the JDBC savepoint calls on a connection enlisted in a transaction.
        Jdbc.update(con, "SAVEPOINT dr_before_insert");
        long inserted;
        try {
            inserted = Jdbc.update(con, """
                    INSERT INTO dr_access_record (campaign_id, app_id, day, calls, users_affected, imported_at)
                    SELECT ?, s.app_id, s.day, s.calls, s.users_affected, ?
                    FROM dr_access_import s JOIN dr_app_case m ON m.app_id = s.app_id AND m.cases = 1
                    """, campaignId, now);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                Jdbc.update(con, "ROLLBACK TO SAVEPOINT dr_before_insert");
                return null;
            }
            throw e;
        }
        if (inserted != staged) {
            return null;
        }
        return new Result(inserted - replaced - unchanged, replaced, unchanged);
    }

    /** Every staged row whose app belongs to no case or to two, and every repeat of an (app, day). */
    private static void reportRowsAtFault(Connection con, ImportErrors errors) throws SQLException {
        RowsAtFault.report(con, AppCases.unplacedRows("dr_access_import") + """
                UNION ALL
                SELECT row_no, 'day', 'repeats the appId and day of row ' || first_row
                FROM (SELECT row_no, min(row_no) OVER (PARTITION BY app_id, day) AS first_row FROM dr_access_import) d
                WHERE row_no > first_row
                """, errors);
    }
}
