package org.datarecall.platform.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into a table with {@code COPY ... FROM STDIN} (text format) in 256 KiB chunks, so
 * that an upload of any size passes through a small buffer. Fields are written in the order of the
 * COPY's column list; {@link #endRow()} closes each row.
 */
public final class CopyWriter implements AutoCloseable {

    private static final int FLUSH_AT = 256 * 1024;

    private final CopyIn copy;
    private final StringBuilder chunk = new StringBuilder(FLUSH_AT + 4096);
    private boolean rowStarted;
    private long rows;

    private CopyWriter(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts {@code copySql} (a {@code COPY table (columns) FROM STDIN}) on the connection. */
    public static CopyWriter open(Connection con, String copySql) throws SQLException {
        return new CopyWriter(con.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
    }

    public CopyWriter text(String value) {
        if (value == null) {
            return nul();
        }
        separate();
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
        return this;
    }

    public CopyWriter number(long value) {
        separate();
        chunk.append(value);
        return this;
    }

    /** A value whose text form needs no escaping (a date, an instant, a UUID). */
    public CopyWriter plain(Object value) {
        if (value == null) {
            return nul();
        }
        separate();
        chunk.append(value);
        return this;
    }

    public CopyWriter nul() {
        separate();
        chunk.append("\\N");
        return this;
    }

    public void endRow() {
        chunk.append('\n');
        rowStarted = false;
        rows++;
        if (chunk.length() >= FLUSH_AT) {
            try {
                flush();
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }
    }

    public long rows() {
        return rows;
    }

    /** Sends what is left and ends the COPY. */
    public void finish() throws SQLException {
        flush();
        copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void separate() {
        if (rowStarted) {
            chunk.append('\t');
        }
        rowStarted = true;
    }

    private void flush() throws SQLException {
        if (!chunk.isEmpty()) {
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            chunk.setLength(0);
        }
    }
}
