package org.datarecall.casework;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.DeveloperRow;
import org.datarecall.campaign.DeveloperUpload;
import org.datarecall.campaign.ImportResult;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.casework.domain.CaseEvent.CaseOpened;
import org.datarecall.casework.domain.CaseEventType;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.evidence.EventHash;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.Times;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Imports the affected developers of a campaign, all or nothing, in bounded memory:
 * <ol>
 * <li>rows are read one at a time, checked, and streamed with COPY into a temporary table;</li>
 * <li>duplicates inside the upload are found in SQL, not in a heap-sized set;</li>
 * <li>if any row is bad, the transaction rolls back and the answer lists the problems;</li>
 * <li>otherwise the case writer merges the staged rows: changed contacts are updated (appending
 * DEVELOPER_UPDATED) and new cases inserted (with their CASE_OPENED event), in two set-based statements.</li>
 * </ol>
 */
@ApplicationScoped
public class DeveloperImport {

    private static final Logger LOG = Logger.getLogger(DeveloperImport.class);

    @Inject
    CampaignRepository campaigns;

    @Inject
    CaseWriter writer;

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
    public ImportResult importDevelopers(UUID campaignId, InputStream body, UploadFormat format, String actor) {
        return importWithin(campaignId, body, format, actor);
    }

    /** The import inside a transaction its caller began, with an hour to run (a follow-up's, say). */
    @Transactional(Transactional.TxType.MANDATORY)
    ImportResult importWithin(UUID campaignId, InputStream body, UploadFormat format, String actor) {
        Campaign campaign = campaigns.lockForUpload(campaignId, "developers");
        Instant now = Times.stored(clock.instant());
        DeveloperUpload upload = new DeveloperUpload(format, json.getFactory(), now,
                config.importing().maxReportedErrors());
        return jdbc.withConnection(con -> {
            Jdbc.longWork(con);
            long started = System.nanoTime();
            long rows = stage(con, body, upload, new Opening(campaign.highRiskSince(), actor, now));
            long staged = System.nanoTime();
            reportDuplicates(con, upload);
            long checked = System.nanoTime();
            if (upload.isRejected()) {
                LOG.infof("import into campaign %s rejected: %d rows, %d problems", campaignId, rows,
                        upload.problemCount());
                throw upload.rejection();
            }
            ImportResult result = writer.mergeStaged(con, campaign.id(), campaign.highRiskSince(), actor, now, rows);
            LOG.infof("import into campaign %s: %d rows (%d created, %d updated); read and staged in %d ms, "
                    + "duplicates checked in %d ms, merged in %d ms", campaignId, rows, result.created(),
                    result.updated(), (staged - started) / 1_000_000, (checked - staged) / 1_000_000,
                    (System.nanoTime() - checked) / 1_000_000);
            return result;
        });
    }

    /** What every new case of this upload starts with. */
    private record Opening(Instant highRiskSince, String actor, Instant at) {
    }

    private long stage(Connection con, InputStream body, DeveloperUpload upload, Opening opening)
            throws SQLException {
        try (StagingCopy staging = StagingCopy.open(con)) {
            long rows = upload.read(body, new DeveloperUpload.Rows() {
                @Override
                public void accepted(DeveloperRow row) {
                    stageRow(staging, row, opening);
                }

                @Override
                public void rejected(long row, String developerId) {
                    staging.writeIdOnly(row, developerId);
                }
            });
            staging.finish();
            try (Statement st = con.createStatement()) {
                st.execute("ANALYZE dr_import");
            }
            return rows;
        }
    }

    private static void stageRow(StagingCopy staging, DeveloperRow row, Opening opening) {
        UUID caseId = Ids.newId(opening.at());
        RiskTier tier = row.lastAccessAt() != null && !row.lastAccessAt().isBefore(opening.highRiskSince())
                ? RiskTier.HIGH
                : RiskTier.STANDARD;
        String data = openedData(row, tier);
        byte[] hash = EventHash.of(EventHash.GENESIS, caseId, 1, CaseEventType.CASE_OPENED.name(), null,
                CaseState.PENDING.name(), opening.actor(), opening.at(), data);
        staging.write(row, caseId, tier.name(), data, hash);
    }

    /** The CASE_OPENED event's data: the developer as imported, and the tier it was given. */
    private static String openedData(DeveloperRow row, RiskTier tier) {
        CaseOpened opened = new CaseOpened(row.developerId(), row.name(), row.email(), row.ccEmails(), row.appIds(),
                row.lastAccessAt(), tier);
        return EventData.json(opened);
    }

    /** Every row that repeats a developerId seen in an earlier row of the same upload. */
    private static void reportDuplicates(Connection con, DeveloperUpload upload) throws SQLException {
        String sql = """
                SELECT row_no, first_row FROM (
                    SELECT row_no, min(row_no) OVER (PARTITION BY developer_id) AS first_row,
                           count(*) OVER (PARTITION BY developer_id) AS n
                    FROM dr_import) d
                WHERE n > 1 AND row_no > first_row ORDER BY row_no
                """;
        try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                upload.problem(rs.getLong(1), "developerId", "repeats the developerId of row " + rs.getLong(2));
            }
        }
    }
}
