package org.datarecall.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import org.datarecall.platform.jdbc.Jdbc;

/**
 * Which case of a campaign each app belongs to, as a temporary table {@code dr_app_case (app_id,
 * case_id, cases)} for the transaction: uploads name apps, and an app listed by two cases is an error,
 * never a guess ({@code case_id} is any one of them, used only when {@code cases} is 1). Built from the
 * cases' app lists in one pass; uploads join it by hash, so it needs no index.
 */
final class AppCases {

    private AppCases() {
    }

    static void build(Connection con, UUID campaignId) throws SQLException {
        Jdbc.update(con, "DROP TABLE IF EXISTS dr_app_case");
        Jdbc.update(con, """
                CREATE TEMP TABLE dr_app_case ON COMMIT DROP AS
                SELECT a.app_id, (array_agg(c.id))[1] AS case_id, count(DISTINCT c.id) AS cases
                FROM dr_case c CROSS JOIN LATERAL unnest(c.app_ids) AS a(app_id)
                WHERE c.campaign_id = ?
                GROUP BY a.app_id
                """, campaignId);
        Jdbc.update(con, "ANALYZE dr_app_case");
    }

    /**
     * The rows of a staged upload (a table with {@code row_no} and {@code app_id}) whose app belongs to
     * no case of the campaign, or to more than one, as {@code (row_no, column, message)}.
     */
    static String unplacedRows(String staged) {
        return """
                SELECT s.row_no, 'appId' AS col,
                       CASE WHEN m.app_id IS NULL THEN 'belongs to no case of this campaign'
                            ELSE 'belongs to ' || m.cases || ' cases of this campaign; it must belong to one' END AS message
                FROM %s s LEFT JOIN dr_app_case m ON m.app_id = s.app_id
                WHERE m.app_id IS NULL OR m.cases > 1
                """.formatted(staged);
    }
}
