package org.datarecall.evidence;

/**
 * {@code dr_case_access} for every case of a campaign at once, as SQL for the queries that read a whole
 * campaign (the report and the evidence pack's statement): common table expressions {@code app} (each
 * case's apps), {@code rec} (per case: {@code first_day}, {@code last_day} with calls, the most
 * {@code users} affected) and {@code rev} (per case: apps {@code revoked}, the {@code latest} revocation),
 * one pass over the records and the revocations instead of a look per case. A query names them with the
 * tokens {@code CASE_ACCESS} (inside its {@code WITH}) and {@code REVOKED_AT}, which {@link #into} fills in;
 * it then needs {@code :campaign} and {@code FILTER_CASES} (on {@code c.id}) replaced, and joins {@code rec}
 * and {@code rev} on {@code case_id}.
 */
public final class CaseAccessSql {

    static final String CTES = """
            app AS NOT MATERIALIZED (
                SELECT c.id AS case_id, unnest(c.app_ids) AS app_id FROM dr_case c
                WHERE c.campaign_id = :campaign FILTER_CASES
            ), rec AS (
                SELECT app.case_id, min(r.day) FILTER (WHERE r.calls > 0) AS first_day,
                       max(r.day) FILTER (WHERE r.calls > 0) AS last_day, max(r.users_affected) AS users
                FROM app JOIN dr_access_record r ON r.campaign_id = :campaign AND r.app_id = app.app_id
                GROUP BY app.case_id
            ), rev AS (
                SELECT app.case_id, count(DISTINCT v.app_id) AS revoked, max(v.revoked_at) AS latest
                FROM app JOIN dr_revocation v ON v.campaign_id = :campaign AND v.app_id = app.app_id
                GROUP BY app.case_id
            )""";

    /** The case's {@code revokedAt}: once every app of case {@code c} is revoked, the latest revocation. */
    static final String REVOKED_AT = "CASE WHEN rev.revoked IS NOT NULL THEN CASE WHEN rev.revoked = "
            + "(SELECT count(DISTINCT x) FROM unnest(c.app_ids) x) THEN rev.latest END END";

    /** {@code sql} with its {@code CASE_ACCESS} and {@code REVOKED_AT} tokens filled in. */
    public static String into(String sql) {
        return sql.replace("CASE_ACCESS", CTES).replace("REVOKED_AT", REVOKED_AT);
    }

    private CaseAccessSql() {
    }
}
