package org.datarecall.casework;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.DeveloperRow;
import org.datarecall.platform.jdbc.CopyWriter;

/**
 * Streams uploaded rows into a temporary table with {@code COPY ... FROM STDIN} (through
 * {@link CopyWriter}, in 256 KiB chunks). The table lives until the transaction ends, so a rejected
 * upload leaves nothing behind.
 */
final class StagingCopy implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();

    private final CopyWriter copy;

    private StagingCopy(CopyWriter copy) {
        this.copy = copy;
    }

    static StagingCopy open(Connection con) throws SQLException {
        try (Statement st = con.createStatement()) {
            st.execute("CREATE TEMP TABLE dr_import (row_no bigint NOT NULL, case_id uuid, developer_id text NOT NULL, "
                    + "name text, email text, cc_emails text[], app_ids text[], last_access_at timestamptz, "
                    + "risk_tier text, opened_data text, opened_hash bytea, locale text, requested_locale text) "
                    + "ON COMMIT DROP");
        }
        return new StagingCopy(CopyWriter.open(con,
                "COPY dr_import (row_no, case_id, developer_id, name, email, cc_emails, app_ids, last_access_at, "
                        + "risk_tier, opened_data, opened_hash, locale, requested_locale) FROM STDIN"));
    }

    /**
     * A checked row, ready to be merged, with what its case gets if it is new: the id, the risk tier,
     * and the CASE_OPENED event's data and hash.
     */
    void write(DeveloperRow row, UUID caseId, String riskTier, String openedData, byte[] openedHash) {
        copy.number(row.row()).plain(caseId).text(row.developerId()).text(row.name()).text(row.email())
                .text(array(row.ccEmails())).text(array(row.appIds())).plain(row.lastAccessAt()).plain(riskTier)
                .text(openedData).text("\\x" + HEX.formatHex(openedHash)).plain(row.language() == null ? null : row.language().tag())
                .text(row.requestedLocale());
        copy.endRow();
    }

    /** A row that is already rejected: only its id is staged, so that duplicates can be reported too. */
    void writeIdOnly(long row, String developerId) {
        copy.number(row).nul().text(developerId);
        for (int i = 0; i < 10; i++) {
            copy.nul();
        }
        copy.endRow();
    }

    long rows() {
        return copy.rows();
    }

    /** Sends what is left and ends the COPY. */
    void finish() throws SQLException {
        copy.finish();
    }

    @Override
    public void close() throws SQLException {
        copy.close();
    }

    /** A text[] literal ({"a","b"}), each element quoted; escaped for COPY like any text by the writer. */
    private static String array(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }
}
