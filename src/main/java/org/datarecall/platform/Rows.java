package org.datarecall.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The rows one statement writes, given column by column: many rows as {@code unnest} of one array
 * per column (one round trip for a whole batch), a single row as a {@code VALUES} row of plain
 * values — building and parsing a dozen one-element arrays (a mail body escaped into an array
 * literal among them) cost more than writing the row. A statement is written once, with {@code %s}
 * where its rows go, and gets both forms.
 */
public final class Rows {

    /** A statement in its two forms. */
    public record Statement(String oneRow, String manyRows) {
        public String sql(int rows) {
            return rows == 1 ? oneRow : manyRows;
        }
    }

    private final String[] types;
    private final String one;
    private final String many;

    /** The SQL type of each column, in order: uuid, int, bigint, boolean, text or timestamptz. */
    public Rows(String... types) {
        this.types = types.clone();
        StringBuilder values = new StringBuilder("(VALUES (");
        StringBuilder arrays = new StringBuilder("unnest(");
        for (int i = 0; i < types.length; i++) {
            String separator = i == 0 ? "" : ", ";
            values.append(separator).append("?::").append(types[i]);
            arrays.append(separator).append("?::").append(types[i]).append("[]");
        }
        this.one = values.append("))").toString();
        this.many = arrays.append(')').toString();
    }

    /** The template with its {@code %s} replaced by the rows, once for one row and once for many. */
    public Statement statement(String template) {
        return new Statement(template.formatted(one), template.formatted(many));
    }

    /** Binds the columns (each an array of {@code rows} values) from parameter {@code first} on. */
    public void bind(Connection con, PreparedStatement ps, int first, Object[][] columns, int rows)
            throws SQLException {
        for (int i = 0; i < types.length; i++) {
            int index = first + i;
            if (rows == 1) {
                ps.setObject(index, columns[i][0], jdbcType(types[i]));
            } else {
                ps.setArray(index, con.createArrayOf(arrayElement(types[i]), columns[i]));
            }
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
