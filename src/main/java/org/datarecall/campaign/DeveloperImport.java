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
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.platform.DataRecallConfig;
import org.datarecall.platform.DatabaseException;
import org.datarecall.platform.Ids;
import org.datarecall.platform.ProblemException;
import org.datarecall.platform.SqlValues;
import org.datarecall.platform.Times;

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
 * <li>otherwise one set-based statement inserts new cases, updates changed contacts, and appends
 * each case's CASE_OPENED or DEVELOPER_UPDATED event with its hash.</li>
 * </ol>
 */
@ApplicationScoped
public class DeveloperImport {

    /** The hash before a case's first event. */
    static final String GENESIS = "'\\x" + "00".repeat(32) + "'::bytea";

    private static final String MERGE = """
            WITH params AS (
                SELECT ?::uuid AS campaign_id, ?::timestamptz AS high_risk_since, ?::text AS actor, ?::timestamptz AS now
            ), previous AS (
                SELECT c.id, c.last_event_hash FROM dr_case c JOIN dr_import i ON i.developer_id = c.developer_id
                WHERE c.campaign_id = (SELECT campaign_id FROM params)
            ), staged AS (
                SELECT i.*, CASE WHEN i.last_access_at >= p.high_risk_since THEN 'HIGH' ELSE 'STANDARD' END AS risk_tier
                FROM dr_import i, params p
            ), upserted AS (
                INSERT INTO dr_case AS c (id, campaign_id, developer_id, name, email, cc_emails, app_ids, last_access_at,
                                          risk_tier, state, round, version, event_count, last_event_hash, created_at, updated_at)
                SELECT s.case_id, p.campaign_id, s.developer_id, s.name, s.email, s.cc_emails, s.app_ids, s.last_access_at,
                       s.risk_tier, 'PENDING', 0, 1, 1,
                       dr_event_hash(GENESIS, s.case_id, 1, 'CASE_OPENED', NULL, 'PENDING', p.actor, p.now,
                           dr_developer_json(s.developer_id, s.name, s.email, s.cc_emails, s.app_ids, s.last_access_at, s.risk_tier)),
                       p.now, p.now
                FROM staged s, params p
                ON CONFLICT (campaign_id, developer_id) DO UPDATE SET
                    name = EXCLUDED.name, email = EXCLUDED.email, cc_emails = EXCLUDED.cc_emails,
                    app_ids = EXCLUDED.app_ids, last_access_at = EXCLUDED.last_access_at, risk_tier = EXCLUDED.risk_tier,
                    version = c.version + 1, event_count = c.event_count + 1, updated_at = EXCLUDED.updated_at,
                    last_event_hash = dr_event_hash(c.last_event_hash, c.id, c.event_count + 1, 'DEVELOPER_UPDATED',
                        c.state, c.state, (SELECT actor FROM params), EXCLUDED.updated_at,
                        dr_developer_json(EXCLUDED.developer_id, EXCLUDED.name, EXCLUDED.email, EXCLUDED.cc_emails,
                                          EXCLUDED.app_ids, EXCLUDED.last_access_at, EXCLUDED.risk_tier))
                WHERE (c.name, c.email, c.cc_emails, c.app_ids, c.last_access_at)
                      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.cc_emails, EXCLUDED.app_ids, EXCLUDED.last_access_at)
                RETURNING c.id, c.state, c.event_count, c.last_event_hash, (c.xmax = 0) AS inserted,
                          dr_developer_json(c.developer_id, c.name, c.email, c.cc_emails, c.app_ids, c.last_access_at, c.risk_tier) AS data
            ), appended AS (
                INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
                SELECT p.campaign_id, u.id, u.event_count,
                       CASE WHEN u.inserted THEN 'CASE_OPENED' ELSE 'DEVELOPER_UPDATED' END,
                       CASE WHEN u.inserted THEN NULL ELSE u.state END, u.state, p.actor, p.now, u.data,
                       CASE WHEN u.inserted THEN GENESIS ELSE pr.last_event_hash END, u.last_event_hash
                FROM upserted u CROSS JOIN params p LEFT JOIN previous pr ON pr.id = u.id
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted
            """.replace("GENESIS", GENESIS);

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
            long rows = stage(con, body, format, errors, now);
            reportDuplicates(con, errors);
            if (errors.any()) {
                throw errors.rejection();
            }
            return merge(con, campaign, actor, now, rows);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private long stage(Connection con, InputStream body, UploadFormat format, ImportErrors errors, Instant now)
            throws SQLException {
        UploadReader reader = format == UploadFormat.CSV ? new CsvDeveloperReader()
                : new JsonDeveloperReader(json.getFactory());
        DeveloperRowCheck check = new DeveloperRowCheck(now);
        try (StagingCopy staging = StagingCopy.open(con)) {
            long rows = reader.read(body, raw -> stageRow(staging, check, raw, errors, now), errors);
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
            Instant now) {
        try {
            DeveloperRow row = raw.rejected() ? null : check.check(raw, errors);
            if (row != null) {
                staging.write(row, Ids.newId(now));
            } else if (raw.developerId() != null && !raw.developerId().isBlank()) {
                staging.writeIdOnly(raw.row(), raw.developerId());
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
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
        try (PreparedStatement ps = con.prepareStatement(MERGE)) {
            ps.setObject(1, campaign.id());
            SqlValues.setInstant(ps, 2, campaign.highRiskSince());
            ps.setString(3, actor);
            SqlValues.setInstant(ps, 4, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long created = rs.getLong(1);
                long updated = rs.getLong(2);
                return new ImportResult(created, updated, rows - created - updated);
            }
        }
    }
}
