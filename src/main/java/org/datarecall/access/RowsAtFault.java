package org.datarecall.access;

import java.sql.Connection;
import java.sql.SQLException;

import org.datarecall.campaign.ImportErrors;
import org.datarecall.platform.jdbc.Jdbc;

/**
 * Problems of an upload found in SQL across its staged rows (apps of no case, repeats): a query of
 * {@code (row_no, column, message)} whose first rows are listed and all counted, in one pass.
 */
final class RowsAtFault {

    private RowsAtFault() {
    }

    static void report(Connection con, String atFault, ImportErrors errors) throws SQLException {
        long[] total = {0};
        long listed = Jdbc.list(con, "SELECT f.*, count(*) OVER () AS total FROM (" + atFault + ") f "
                + "ORDER BY 1 LIMIT ?", rs -> {
                    errors.add(rs.getLong(1), rs.getString(2), rs.getString(3));
                    total[0] = rs.getLong("total");
                    return 1;
                }, errors.limit()).size();
        errors.moreNotListed(total[0] - listed);
    }
}
