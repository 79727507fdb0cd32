package org.datarecall.casework;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.DeveloperRow;
import org.datarecall.evidence.EventHash;
import org.datarecall.platform.jdbc.DatabaseException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams uploaded rows into a temporary table with {@code COPY ... FROM STDIN}, in 256 KiB chunks.
 * The table lives until the transaction ends, so a rejected upload leaves nothing behind.
 */
final class StagingCopy implements AutoCloseable {

    private static final int FLUSH_AT = 256 * 1024;

    private final CopyIn copy;
    private final StringBuilder chunk = new StringBuilder(FLUSH_AT + 4096);
    private long rows;

    private StagingCopy(CopyIn copy) {
        this.copy = copy;
    }

    static StagingCopy open(Connection con) throws SQLException {
        try (Statement st = con.createStatement()) {
            st.execute("CREATE TEMP TABLE dr_import (row_no bigint NOT NULL, case_id uuid, developer_id text NOT NULL, "
                    + "name text, email text, cc_emails text[], app_ids text[], last_access_at timestamptz, "
                    + "risk_tier text, opened_data text, opened_hash bytea) ON COMMIT DROP");
        }
        CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY dr_import (row_no, case_id, developer_id, name, email, cc_emails, app_ids, last_access_at, "
                        + "risk_tier, opened_data, opened_hash) FROM STDIN");
        return new StagingCopy(copy);
    }

    /**
     * A checked row, ready to be merged, with what its case gets if it is new: the id, the risk tier,
     * and the CASE_OPENED event's data and hash.
     */
    void write(DeveloperRow row, UUID caseId, String riskTier, String openedData, byte[] openedHash) {
        chunk.append(row.row()).append('\t').append(caseId).append('\t');
        text(row.developerId()).append('\t');
        text(row.name()).append('\t');
        text(row.email()).append('\t');
        array(row.ccEmails()).append('\t');
        array(row.appIds()).append('\t');
        Instant at = row.lastAccessAt();
        chunk.append(at == null ? "\\N" : at.toString()).append('\t');
        chunk.append(riskTier).append('\t');
        text(openedData).append('\t');
        // bytea in hex form; the backslash itself is escaped for COPY.
        EventHash.hex(chunk.append("\\\\x"), openedHash).append('\n');
        written();
    }

    /** A row that is already rejected: only its id is staged, so that duplicates can be reported too. */
    void writeIdOnly(long row, String developerId) {
        chunk.append(row).append("\t\\N\t");
        text(developerId).append("\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
        written();
    }

    long rows() {
        return rows;
    }

    /** Sends what is left and ends the COPY. */
    void finish() throws SQLException {
        flush();
        copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    /** Rows are written from the upload's reader callbacks, which cannot throw checked exceptions. */
    private void written() {
        rows++;
        if (chunk.length() >= FLUSH_AT) {
            try {
                flush();
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }
    }

    private void flush() throws SQLException {
        if (!chunk.isEmpty()) {
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            chunk.setLength(0);
        }
    }

    /** COPY text format: backslash, tab, line feed and carriage return are escaped. */
    private StringBuilder text(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> chunk.append("\\\\");
                case '\t' -> chunk.append("\\t");
                case '\n' -> chunk.append("\\n");
                case '\r' -> chunk.append("\\r");
                default -> chunk.append(c);
            }
        }
        return chunk;
    }

    /** A text[] literal ({"a","b"}), each element quoted, then escaped for COPY like any text. */
    private StringBuilder array(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return text(literal.append('}').toString());
    }
}
