package org.datarecall.platform.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;

/**
 * The rows one statement writes, given column by column. Up to {@link #MAX_VALUES_ROWS} rows go
 * as a {@code VALUES} list of plain values; more rows as {@code unnest} of one array per column
 * (a sweep batch of a thousand cases is still one round trip with a few parameters). Building and
 * parsing arrays costs more than the rows themselves when there are few of them — a mail body is
 * escaped into an array literal and parsed back — so single writes and the attestation groups of a
 * few submissions bind plain values. A statement is written once, with {@code %s} where its rows
 * go, and gets every form.
 */
public final class Rows {

    /** Above this many rows, a statement takes one array per column. */
    public static final int MAX_VALUES_ROWS = 64;

    /** A statement in its forms: a VALUES list for each small row count (made on first use), unnest for more. */
    public static final class Statement {
        private final String template;
        private final String valuesRow;
        private final String unnest;
        // Strings are immutable, so a form made twice by racing threads is only made twice.
        private final String[] values = new String[MAX_VALUES_ROWS + 1];

        private Statement(String template, String valuesRow, String arrays) {
            this.template = template;
            this.valuesRow = valuesRow;
            this.unnest = template.formatted(arrays);
        }

        public String sql(int rows) {
            if (rows > MAX_VALUES_ROWS) {
                return unnest;
            }
            String sql = values[rows];
            if (sql == null) {
                sql = template.formatted("(VALUES " + String.join(", ", Collections.nCopies(rows, valuesRow))
                        + ")");
                values[rows] = sql;
            }
            return sql;
        }
    }

    private final String[] types;
    private final String valuesRow;
    private final String arrays;

    /** The SQL type of each column, in order: uuid, int, bigint, boolean, text or timestamptz. */
    public Rows(String... types) {
        this.types = types.clone();
        StringBuilder row = new StringBuilder("(");
        StringBuilder arrays = new StringBuilder("unnest(");
        for (int i = 0; i < types.length; i++) {
            String separator = i == 0 ? "" : ", ";
            row.append(separator).append("?::").append(types[i]);
            arrays.append(separator).append("?::").append(types[i]).append("[]");
        }
        this.valuesRow = row.append(')').toString();
        this.arrays = arrays.append(')').toString();
    }

    /** The template with its {@code %s} replaced by the rows, in every form. */
    public Statement statement(String template) {
        return new Statement(template, valuesRow, arrays);
    }

    /**
     * Binds the columns (each an array of {@code rows} values) from parameter {@code first} on, in
     * the form {@link Statement#sql} chose for that many rows.
     */
    public void bind(Connection con, PreparedStatement ps, int first, Object[][] columns, int rows)
            throws SQLException {
        if (rows <= MAX_VALUES_ROWS) {
            int index = first;
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < types.length; i++) {
                    ps.setObject(index++, columns[i][r], jdbcType(types[i]));
                }
            }
            return;
        }
        for (int i = 0; i < types.length; i++) {
            ps.setArray(first + i, con.createArrayOf(arrayElement(types[i]), columns[i]));
        }
    }

    private static int jdbcType(String type) {
        return switch (type) {
            case "int" -> Types.INTEGER;
            case "bigint" -> Types.BIGINT;
            default -> Types.VARCHAR; // uuids, booleans and times travel as text and are cast in the statement
        };
    }

    private static String arrayElement(String type) {
        return switch (type) {
            case "int" -> "int4";
            case "bigint" -> "int8";
            default -> "text";
        };
    }
}
