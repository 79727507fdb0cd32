package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.casework.domain.CaseEventType;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.evidence.EventHash;
import org.datarecall.platform.DataRecallConfig;
import org.jboss.logging.Logger;
import org.datarecall.platform.DatabaseException;
import org.datarecall.platform.Ids;
import org.datarecall.platform.ProblemException;
import org.datarecall.platform.SqlValues;
import org.datarecall.platform.Times;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * <li>otherwise two set-based statements update changed contacts (appending DEVELOPER_UPDATED) and
 * insert new cases (with their CASE_OPENED event), each event hashed into its case's chain.</li>
 * </ol>
 */
@ApplicationScoped
public class DeveloperImport {

    private static final Logger LOG = Logger.getLogger(DeveloperImport.class);
    /** Event data is written by a mapper of its own, so that application JSON settings never change it. */
    private static final ObjectMapper EVENT_DATA = new ObjectMapper();

    /** The hash before a case's first event. */
    static final String GENESIS = "'\\x" + "00".repeat(32) + "'::bytea";

    /**
     * New developers: one case and its CASE_OPENED event each, both straight from the staged rows
     * (the event's data and hash were computed while streaming). No ON CONFLICT is needed: the
     * campaign row lock keeps other imports out, and only imports create cases.
     */
    private static final String INSERT_NEW = """
            WITH params AS (
                SELECT ?::uuid AS campaign_id, ?::text AS actor, ?::timestamptz AS now
            ), opened AS (
                INSERT INTO dr_case (id, campaign_id, developer_id, name, email, cc_emails, app_ids, last_access_at,
                                     risk_tier, state, round, state_since, version, event_count, last_event_hash,
                                     created_at, updated_at)
                SELECT i.case_id, p.campaign_id, i.developer_id, i.name, i.email, i.cc_emails, i.app_ids, i.last_access_at,
                       i.risk_tier, 'PENDING', 0, p.now, 1, 1, i.opened_hash, p.now, p.now
                FROM dr_import i, params p
                WHERE NOT EXISTS (SELECT 1 FROM dr_case c WHERE c.campaign_id = p.campaign_id AND c.developer_id = i.developer_id)
                RETURNING id
            ), events AS (
                INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
                SELECT p.campaign_id, i.case_id, 1, 'CASE_OPENED', NULL, 'PENDING', p.actor, p.now, i.opened_data,
                       GENESIS, i.opened_hash
                FROM opened o JOIN dr_import i ON i.case_id = o.id, params p
            )
            SELECT count(*) FROM opened
            """.replace("GENESIS", GENESIS);

    /**
     * Known developers whose contacts changed: the case takes the new values, and a DEVELOPER_UPDATED
     * event joins its chain. The cases are locked before this runs, so their chain heads are current.
     */
    private static final String UPDATE_CHANGED = """
            WITH params AS (
                SELECT ?::uuid AS campaign_id, ?::timestamptz AS high_risk_since, ?::text AS actor, ?::timestamptz AS now
            ), changed AS (
                SELECT c.id, c.state, c.event_count + 1 AS seq, c.last_event_hash AS prev_hash, i.name, i.email,
                       i.cc_emails, i.app_ids, i.last_access_at,
                       CASE WHEN i.last_access_at >= p.high_risk_since THEN 'HIGH' ELSE 'STANDARD' END AS risk_tier,
                       i.developer_id
                FROM dr_import i JOIN dr_case c ON c.developer_id = i.developer_id, params p
                WHERE c.campaign_id = p.campaign_id
                  AND (c.name, c.email, c.cc_emails, c.app_ids, c.last_access_at)
                      IS DISTINCT FROM (i.name, i.email, i.cc_emails, i.app_ids, i.last_access_at)
            ), described AS (
                SELECT ch.*, dr_developer_json(ch.developer_id, ch.name, ch.email, ch.cc_emails, ch.app_ids,
                                               ch.last_access_at, ch.risk_tier) AS data
                FROM changed ch
            ), hashed AS MATERIALIZED (
                SELECT d.*, dr_event_hash(d.prev_hash, d.id, d.seq, 'DEVELOPER_UPDATED', d.state, d.state, p.actor, p.now,
                                          d.data) AS hash
                FROM described d, params p
            ), events AS (
                INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
                SELECT p.campaign_id, h.id, h.seq, 'DEVELOPER_UPDATED', h.state, h.state, p.actor, p.now, h.data, h.prev_hash, h.hash
                FROM hashed h, params p
            )
            UPDATE dr_case c SET name = h.name, email = h.email, cc_emails = h.cc_emails, app_ids = h.app_ids,
                   last_access_at = h.last_access_at, risk_tier = h.risk_tier, version = c.version + 1,
                   event_count = h.seq, last_event_hash = h.hash, updated_at = p.now
            FROM hashed h, params p
            WHERE c.id = h.id
            """;

    @Inject
    CampaignRepository campaigns;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public ImportResult importDevelopers(UUID campaignId, InputStream body, UploadFormat format, String actor) {
        Campaign campaign = campaigns.lock(campaignId)
                .orElseThrow(() -> ProblemException.notFound("campaign " + campaignId));
        if (campaign.status() == CampaignStatus.CLOSED) {
            throw ProblemException.conflict("developers cannot be imported into a CLOSED campaign");
        }
        Instant now = Times.stored(clock.instant());
        ImportErrors errors = new ImportErrors(config.importing().maxReportedErrors());
        try (Connection con = dataSource.getConnection()) {
            long started = System.nanoTime();
            long rows = stage(con, body, format, errors, new Opening(campaign.highRiskSince(), actor, now));
            long staged = System.nanoTime();
            reportDuplicates(con, errors);
            long checked = System.nanoTime();
            if (errors.any()) {
                LOG.infof("import into campaign %s rejected: %d rows, %d problems", campaignId, rows, errors.count());
                throw errors.rejection();
            }
            ImportResult result = merge(con, campaign, actor, now, rows);
            LOG.infof("import into campaign %s: %d rows (%d created, %d updated); read and staged in %d ms, "
                    + "duplicates checked in %d ms, merged in %d ms", campaignId, rows, result.created(),
                    result.updated(), (staged - started) / 1_000_000, (checked - staged) / 1_000_000,
                    (System.nanoTime() - checked) / 1_000_000);
            return result;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** What every new case of this upload starts with. */
    private record Opening(Instant highRiskSince, String actor, Instant at) {
    }

    private long stage(Connection con, InputStream body, UploadFormat format, ImportErrors errors, Opening opening)
            throws SQLException {
        UploadReader reader = format == UploadFormat.CSV ? new CsvDeveloperReader()
                : new JsonDeveloperReader(json.getFactory());
        DeveloperRowCheck check = new DeveloperRowCheck(opening.at());
        try (StagingCopy staging = StagingCopy.open(con)) {
            long rows = reader.read(body, raw -> stageRow(staging, check, raw, errors, opening), errors);
            staging.finish();
            try (Statement st = con.createStatement()) {
                st.execute("ANALYZE dr_import");
            }
            return rows;
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("the upload is not valid UTF-8 text");
        } catch (JsonDeveloperReader.MalformedUpload e) {
            throw new ProblemException(400, "malformed-json", "Malformed JSON", e.getMessage());
        } catch (IOException e) {
            throw new ProblemException(400, "upload-interrupted", "Upload interrupted",
                    "the upload could not be read to its end");
        }
    }

    private static void stageRow(StagingCopy staging, DeveloperRowCheck check, RawDeveloper raw, ImportErrors errors,
            Opening opening) {
        try {
            DeveloperRow row = raw.rejected() ? null : check.check(raw, errors);
            if (row != null) {
                UUID caseId = Ids.newId(opening.at());
                RiskTier tier = row.lastAccessAt() != null && !row.lastAccessAt().isBefore(opening.highRiskSince())
                        ? RiskTier.HIGH
                        : RiskTier.STANDARD;
                String data = openedData(row, tier);
                byte[] hash = EventHash.of(EventHash.GENESIS, caseId, 1, CaseEventType.CASE_OPENED.name(), null,
                        CaseState.PENDING.name(), opening.actor(), opening.at(), data);
                staging.write(row, caseId, tier.name(), data, hash);
            } else if (raw.developerId() != null && !raw.developerId().isBlank()) {
                staging.writeIdOnly(raw.row(), raw.developerId());
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** The CASE_OPENED event's data: the developer as imported, and the tier it was given. */
    private static String openedData(DeveloperRow row, RiskTier tier) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("developerId", row.developerId());
        data.put("name", row.name());
        data.put("email", row.email());
        data.put("ccEmails", row.ccEmails());
        data.put("appIds", row.appIds());
        data.put("lastAccessAt", row.lastAccessAt() == null ? null : row.lastAccessAt().toString());
        data.put("riskTier", tier.name());
        try {
            return EVENT_DATA.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be written", e);
        }
    }

    /** Every row that repeats a developerId seen in an earlier row of the same upload. */
    private void reportDuplicates(Connection con, ImportErrors errors) throws SQLException {
        String sql = """
                SELECT row_no, first_row FROM (
                    SELECT row_no, min(row_no) OVER (PARTITION BY developer_id) AS first_row,
                           count(*) OVER (PARTITION BY developer_id) AS n
                    FROM dr_import) d
                WHERE n > 1 AND row_no > first_row ORDER BY row_no
                """;
        try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                errors.add(rs.getLong(1), "developerId", "repeats the developerId of row " + rs.getLong(2));
            }
        }
    }

    private ImportResult merge(Connection con, Campaign campaign, String actor, Instant now, long rows)
            throws SQLException {
        // Lock the cases this upload updates before reading their chain heads, so that a concurrent
        // action on one of them cannot slip an event in between.
        try (PreparedStatement lock = con.prepareStatement("SELECT c.id FROM dr_case c JOIN dr_import i "
                + "ON i.developer_id = c.developer_id WHERE c.campaign_id = ? ORDER BY c.id FOR UPDATE OF c")) {
            lock.setObject(1, campaign.id());
            lock.execute();
        }
        try (Statement st = con.createStatement()) {
            // Room to keep the rows being written in memory instead of spilling them to temporary files.
            st.execute("SET LOCAL work_mem = '256MB'");
        }
        long updated;
        try (PreparedStatement ps = con.prepareStatement(UPDATE_CHANGED)) {
            ps.setObject(1, campaign.id());
            SqlValues.setInstant(ps, 2, campaign.highRiskSince());
            ps.setString(3, actor);
            SqlValues.setInstant(ps, 4, now);
            updated = ps.executeUpdate();
        }
        long created;
        try (PreparedStatement ps = con.prepareStatement(INSERT_NEW)) {
            ps.setObject(1, campaign.id());
            ps.setString(2, actor);
            SqlValues.setInstant(ps, 3, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                created = rs.getLong(1);
            }
        }
        return new ImportResult(created, updated, rows - created - updated);
    }
}
