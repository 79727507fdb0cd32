package org.datarecall.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.datarecall.campaign.Campaign;
import org.datarecall.casework.CaseWriter;
import org.datarecall.casework.domain.CaseEventType;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Finds what the platform's records prove against cases, set-based: a few statements whatever the
 * number of cases, never a loop over them in Java. Each (case, kind) is recorded once, as a FINDING
 * event with the rows that prove it (the first 100 and their count) and a row of {@code dr_finding};
 * a terminal case is recorded and counted but not reopened.
 *
 * <p>NOT_REVOKED is checked only in a campaign that tracks access (it holds records or revocations):
 * a campaign run without the platform's records is not flooded with findings about revocations it never
 * meant to record.
 */
@ApplicationScoped
public class FindingCheck {

    private static final Logger LOG = Logger.getLogger(FindingCheck.class);

    /** Records after an app's revocation day, and probes that still had access, per case. */
    private static final String AFTER_REVOCATION = """
            WITH hits AS (
                SELECT s.case_id, r.app_id, r.day, r.calls, r.users_affected, v.revoked_at
                FROM dr_finding_scope s
                JOIN dr_revocation v ON v.campaign_id = ?1 AND v.app_id = s.app_id
                JOIN dr_access_record r ON r.campaign_id = ?1 AND r.app_id = s.app_id
                WHERE r.calls > 0 AND r.day > (v.revoked_at AT TIME ZONE 'UTC')::date
            ), by_case AS (
                SELECT case_id, count(*) AS n,
                       (array_agg(jsonb_build_object('appId', app_id, 'day', day, 'calls', calls,
                                                     'usersAffected', users_affected,
                                                     'revokedAt', dr_instant_text(revoked_at))
                                  ORDER BY app_id, day))[1:100] AS rows
                FROM hits GROUP BY case_id
            ), probes AS (
                SELECT s.case_id, jsonb_agg(jsonb_build_object('appId', v.app_id, 'revokedAt', dr_instant_text(v.revoked_at),
                                                               'probeAt', dr_instant_text(v.probe_at), 'probeResult', v.probe_result)
                                            ORDER BY v.app_id) AS probes
                FROM dr_finding_scope s JOIN dr_revocation v ON v.campaign_id = ?1 AND v.app_id = s.app_id
                WHERE v.probe_result = 'ACCESS'
                GROUP BY s.case_id
            )
            INSERT INTO dr_note_stage (case_id, ord, data, key)
            SELECT coalesce(b.case_id, p.case_id), 1,
                   jsonb_build_object('kind', 'ACCESS_AFTER_REVOCATION', 'records', to_jsonb(coalesce(b.rows, '{}'::jsonb[])),
                                      'recordCount', coalesce(b.n, 0), 'probes', coalesce(p.probes, '[]'::jsonb))::text,
                   'ACCESS_AFTER_REVOCATION'
            FROM by_case b FULL JOIN probes p ON p.case_id = b.case_id
            WHERE NOT EXISTS (SELECT 1 FROM dr_finding f
                              WHERE f.case_id = coalesce(b.case_id, p.case_id) AND f.kind = 'ACCESS_AFTER_REVOCATION')
            """;

    /** Records after the day the case's latest attestation says the data was deleted. */
    private static final String AFTER_DELETION = """
            WITH attested AS (
                SELECT DISTINCT ON (a.case_id) a.case_id, a.id, a.deleted_at
                FROM dr_attestation a
                WHERE a.case_id IN (SELECT case_id FROM dr_finding_scope)
                ORDER BY a.case_id, a.round DESC
            ), hits AS (
                SELECT t.case_id, t.id AS attestation_id, t.deleted_at, r.app_id, r.day, r.calls, r.users_affected
                FROM attested t
                JOIN dr_finding_scope s ON s.case_id = t.case_id
                JOIN dr_access_record r ON r.campaign_id = ?1 AND r.app_id = s.app_id
                WHERE t.deleted_at IS NOT NULL AND r.calls > 0 AND r.day > (t.deleted_at AT TIME ZONE 'UTC')::date
            )
            INSERT INTO dr_note_stage (case_id, ord, data, key)
            SELECT case_id, 2,
                   jsonb_build_object('kind', 'ACCESS_AFTER_DELETION', 'attestationId', min(attestation_id::text),
                                      'deletedAt', dr_instant_text(min(deleted_at)),
                                      'records', to_jsonb((array_agg(jsonb_build_object('appId', app_id, 'day', day,
                                          'calls', calls, 'usersAffected', users_affected) ORDER BY app_id, day))[1:100]),
                                      'recordCount', count(*))::text,
                   'ACCESS_AFTER_DELETION'
            FROM hits h
            WHERE NOT EXISTS (SELECT 1 FROM dr_finding f WHERE f.case_id = h.case_id AND f.kind = 'ACCESS_AFTER_DELETION')
            GROUP BY case_id
            """;

    /** Apps of the case with no revocation recorded. */
    private static final String NOT_REVOKED = """
            INSERT INTO dr_note_stage (case_id, ord, data, key)
            SELECT s.case_id, 3, jsonb_build_object('kind', 'NOT_REVOKED',
                                                    'apps', jsonb_agg(DISTINCT s.app_id))::text, 'NOT_REVOKED'
            FROM dr_finding_scope s
            WHERE NOT EXISTS (SELECT 1 FROM dr_revocation v WHERE v.campaign_id = ?1 AND v.app_id = s.app_id)
              AND NOT EXISTS (SELECT 1 FROM dr_finding f WHERE f.case_id = s.case_id AND f.kind = 'NOT_REVOKED')
            GROUP BY s.case_id
            """;

    /**
     * Sub-cases (third parties the case passed the data on to) that escalated or were enforced against:
     * the data may still be with them. Parameters: the campaign, and the parents to check (null: all).
     */
    private static final String ONWARD_UNRESOLVED = """
            INSERT INTO dr_note_stage (case_id, ord, data, key)
            SELECT sub.parent_case_id, 4,
                   jsonb_build_object('kind', 'ONWARD_UNRESOLVED',
                                      'subCases', jsonb_agg(jsonb_build_object('caseId', sub.id, 'name', sub.name,
                                                                               'email', sub.email, 'state', sub.state)
                                                            ORDER BY sub.id))::text,
                   'ONWARD_UNRESOLVED'
            FROM dr_case sub
            WHERE sub.campaign_id = ? AND sub.parent_case_id IS NOT NULL
              AND (?::uuid[] IS NULL OR sub.parent_case_id = ANY (?::uuid[]))
              AND sub.state IN ('ESCALATED', 'ENFORCED')
              AND NOT EXISTS (SELECT 1 FROM dr_finding f WHERE f.case_id = sub.parent_case_id
                                                           AND f.kind = 'ONWARD_UNRESOLVED')
            GROUP BY sub.parent_case_id
            """;

    @Inject
    CaseWriter writer;

    @Inject
    Jdbc jdbc;

    @Inject
    MeterRegistry metrics;

    /** {@link #check} on a connection of the caller's transaction. */
    public long check(Campaign campaign, Collection<UUID> caseIds, String actor, Instant now) {
        return jdbc.withConnection(con -> check(con, campaign, caseIds, actor, now));
    }

    /**
     * Checks the cases of {@code campaign} ({@code caseIds}: these only; null: all) and records what is
     * new. Runs in the caller's transaction; answers how many findings were recorded.
     */
    public long check(Connection con, Campaign campaign, Collection<UUID> caseIds, String actor, Instant now)
            throws SQLException {
        UUID id = campaign.id();
        boolean tracked = Jdbc.list(con, "SELECT EXISTS (SELECT 1 FROM dr_access_record WHERE campaign_id = ?) "
                + "OR EXISTS (SELECT 1 FROM dr_revocation WHERE campaign_id = ?)", rs -> rs.getBoolean(1), id, id)
                .getFirst();
        String[] parents = caseIds == null ? null : SqlValues.texts(caseIds);
        // One look at the partial index: most campaigns, and most routing batches, have no sub-case.
        boolean onward = Jdbc.list(con, "SELECT EXISTS (SELECT 1 FROM dr_case WHERE campaign_id = ? "
                + "AND parent_case_id IS NOT NULL AND (?::uuid[] IS NULL OR parent_case_id = ANY (?::uuid[])))",
                rs -> rs.getBoolean(1), id, parents, parents).getFirst();
        if (!tracked && !onward) {
            return 0;
        }
        long started = System.nanoTime();
        CaseWriter.openNoteStage(con);
        if (tracked) {
            scope(con, id, caseIds);
        }
        long scoped = System.nanoTime();
        if (tracked) {
            withCampaign(con, AFTER_REVOCATION, id);
            withCampaign(con, AFTER_DELETION, id);
            if (campaign.launchedAt() != null) {
                withCampaign(con, NOT_REVOKED, id);
            }
        }
        if (onward) {
            Jdbc.update(con, ONWARD_UNRESOLVED, id, parents, parents);
        }
        Jdbc.update(con, "ANALYZE dr_note_stage");
        long found = System.nanoTime();
        writer.lockStaged(con);
        // Another writer may have recorded the same finding while the cases were being locked.
        Jdbc.update(con, "DELETE FROM dr_note_stage s USING dr_finding f WHERE f.case_id = s.case_id AND f.kind = s.key");
        writer.appendStaged(con, CaseEventType.FINDING, actor, now);
        long recorded = Jdbc.update(con, """
                INSERT INTO dr_finding (campaign_id, case_id, kind, found_at, case_state, data)
                SELECT ?, s.case_id, s.key, ?, c.state, s.data
                FROM dr_note_stage s JOIN dr_case c ON c.id = s.case_id
                """, id, now);
        long checked = caseIds != null ? caseIds.size()
                : Jdbc.list(con, "SELECT count(*) FROM dr_case WHERE campaign_id = ?", rs -> rs.getLong(1), id).getFirst();
        if (caseIds == null) {
            LOG.infof("findings of campaign %s: %d cases checked, %d new findings; scoped in %d ms, found in %d ms, "
                    + "recorded in %d ms", id, checked, recorded, (scoped - started) / 1_000_000,
                    (found - scoped) / 1_000_000, (System.nanoTime() - found) / 1_000_000);
        }
        metrics.timer("datarecall.findings.check").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        metrics.counter("datarecall.findings.cases.checked").increment(checked);
        metrics.counter("datarecall.findings.recorded").increment(recorded);
        return recorded;
    }

    /** The cases to check, with their apps, as the temporary table {@code dr_finding_scope (case_id, app_id)}. */
    private static void scope(Connection con, UUID campaignId, Collection<UUID> caseIds) throws SQLException {
        Jdbc.update(con, "DROP TABLE IF EXISTS dr_finding_scope");
        String only = caseIds == null ? "" : " AND c.id = ANY (?::uuid[])";
        Object[] params = caseIds == null ? new Object[] {campaignId}
                : new Object[] {campaignId, SqlValues.texts(caseIds)};
        Jdbc.update(con, "CREATE TEMP TABLE dr_finding_scope ON COMMIT DROP AS SELECT c.id AS case_id, a.app_id "
                + "FROM dr_case c CROSS JOIN LATERAL unnest(c.app_ids) AS a(app_id) WHERE c.campaign_id = ?" + only,
                params);
        Jdbc.update(con, "ANALYZE dr_finding_scope");
    }

    /** Runs a statement whose every {@code ?1} is the campaign's id. */
    private static void withCampaign(Connection con, String sql, UUID campaignId) throws SQLException {
        String[] parts = sql.split("\\?1", -1);
        Object[] params = new Object[parts.length - 1];
        java.util.Arrays.fill(params, campaignId);
        Jdbc.update(con, String.join("?", parts), params);
    }
}
