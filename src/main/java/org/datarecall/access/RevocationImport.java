package org.datarecall.access;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.casework.CaseWriter;
import org.datarecall.casework.domain.CaseEventType;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.CopyWriter;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.Times;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Records revocations, all or nothing: each becomes the app's current revocation and an ACCESS_REVOKED
 * event on its case (a case with several apps gets one event per app, in app order); then the findings
 * are checked for the whole campaign. Streamed like the other uploads.
 */
@ApplicationScoped
public class RevocationImport {

    /** How many revocations were recorded. */
    public record Result(long recorded) {
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
    public Result record(UUID campaignId, InputStream body, String actor) {
        Campaign campaign = campaigns.lockForUpload(campaignId, "revocations");
        Instant now = Times.stored(clock.instant());
        RevocationUpload upload = new RevocationUpload(json.getFactory(), now, config.importing().maxReportedErrors());
        return jdbc.withConnection(con -> {
            Jdbc.longWork(con);
            Jdbc.update(con, "CREATE TEMP TABLE dr_revocation_import (row_no bigint NOT NULL, app_id text NOT NULL, "
                    + "revoked_at timestamptz NOT NULL, mechanism text NOT NULL, probe_at timestamptz, "
                    + "probe_result text, note text) ON COMMIT DROP");
            try (CopyWriter copy = CopyWriter.open(con, "COPY dr_revocation_import (row_no, app_id, revoked_at, "
                    + "mechanism, probe_at, probe_result, note) FROM STDIN")) {
                upload.read(body, r -> {
                    copy.number(r.row()).text(r.appId()).plain(r.revokedAt()).text(r.mechanism()).plain(r.probeAt())
                            .text(r.probeResult()).text(r.note());
                    copy.endRow();
                });
                copy.finish();
            }
            AppCases.build(con, campaignId);
            reportRowsAtFault(con, upload);
            if (upload.errors().any()) {
                throw upload.errors().rejection();
            }
            long recorded = store(con, campaignId, actor, now);
            findings.check(con, campaign, null, actor, now);
            return new Result(recorded);
        });
    }

    /** Every staged revocation whose app belongs to no case or to two, and every repeat of an app. */
    private static void reportRowsAtFault(Connection con, RevocationUpload upload) throws SQLException {
        RowsAtFault.report(con, AppCases.unplacedRows("dr_revocation_import") + """
                UNION ALL
                SELECT row_no, 'appId', 'repeats the appId of row ' || first_row
                FROM (SELECT row_no, min(row_no) OVER (PARTITION BY app_id) AS first_row FROM dr_revocation_import) d
                WHERE row_no > first_row
                """, upload.errors());
    }

    private long store(Connection con, UUID campaignId, String actor, Instant now) throws SQLException {
        long recorded = Jdbc.update(con, """
                INSERT INTO dr_revocation (campaign_id, app_id, case_id, revoked_at, mechanism, probe_at, probe_result,
                                           note, recorded_at, recorded_by)
                SELECT ?, s.app_id, m.case_id, s.revoked_at, s.mechanism, s.probe_at, s.probe_result, s.note, ?, ?
                FROM dr_revocation_import s JOIN dr_app_case m ON m.app_id = s.app_id
                ON CONFLICT (campaign_id, app_id) DO UPDATE SET case_id = excluded.case_id,
                    revoked_at = excluded.revoked_at, mechanism = excluded.mechanism, probe_at = excluded.probe_at,
                    probe_result = excluded.probe_result, note = excluded.note, recorded_at = excluded.recorded_at,
                    recorded_by = excluded.recorded_by
                """, campaignId, now, actor);
        // Fresh statistics for the findings check that follows in this transaction (a first upload can
        // take the table from empty to a million rows); only the owner may ANALYZE it, so its procedure does (V11).
        Jdbc.update(con, "CALL dr_analyze_platform_records('dr_revocation')");
        CaseWriter.openNoteStage(con);
        Jdbc.update(con, """
                INSERT INTO dr_note_stage (case_id, ord, data, key)
                SELECT m.case_id, row_number() OVER (PARTITION BY m.case_id ORDER BY s.app_id),
                       jsonb_build_object('appId', s.app_id, 'revokedAt', dr_instant_text(s.revoked_at),
                                          'mechanism', s.mechanism, 'probeAt', dr_instant_text(s.probe_at),
                                          'probeResult', s.probe_result, 'note', s.note)::text,
                       s.app_id
                FROM dr_revocation_import s JOIN dr_app_case m ON m.app_id = s.app_id
                """);
        writer.lockStaged(con);
        writer.appendStaged(con, CaseEventType.ACCESS_REVOKED, actor, now);
        return recorded;
    }
}
