package org.datarecall.platform.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A statement that writes a list of rows, its columns named once with their type and getter. The
 * statement is written with {@code %s} where its rows go; they go there as {@code v(name, ...)}.
 * Up to {@link #MAX_VALUES_ROWS} rows go as a {@code VALUES} list of plain values; more rows as
 * {@code unnest} of one array per column (a sweep batch of a thousand cases is still one round trip
 * with a few parameters). Building and parsing arrays costs more than the rows themselves when there
 * are few of them — a mail body is escaped into an array literal and parsed back — so single writes
 * and the attestation groups of a few submissions bind plain values.
 */
public final class RowWriter<T> {

    /** Above this many rows, a statement takes one array per column. */
    public static final int MAX_VALUES_ROWS = 64;

    private final List<Column<T>> columns;
    private final String statement;
    private final String names;
    private final String valuesRow;
    private final String unnest;
    // Strings are immutable, so a form made twice by racing threads is only made twice.
    private final String[] values = new String[MAX_VALUES_ROWS + 1];

    private RowWriter(String statement, List<Column<T>> columns) {
        this.columns = columns;
        this.statement = statement;
        this.names = " AS v(" + join(columns.stream().map(c -> c.name)) + ")";
        this.valuesRow = "(" + join(columns.stream().map(c -> "?::" + c.type)) + ")";
        this.unnest = statement.formatted("unnest(" + join(columns.stream().map(c -> "?::" + c.type + "[]")) + ")"
                + names);
    }

    /** The statement, with {@code %s} where the rows go, and its columns in order. */
    @SafeVarargs
    public static <T> RowWriter<T> of(String statement, Column<T>... columns) {
        return new RowWriter<>(statement, List.of(columns));
    }

    /** Writes the rows in one statement, of which they are the only parameters; answers the rows it changed. */
    public int write(Connection con, List<? extends T> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = con.prepareStatement(sql(rows.size()))) {
            bind(con, ps, rows);
            return ps.executeUpdate();
        }
    }

    /** The statement's text for this many rows. */
    String sql(int rows) {
        if (rows > MAX_VALUES_ROWS) {
            return unnest;
        }
        String sql = values[rows];
        if (sql == null) {
            sql = statement.formatted("(VALUES " + String.join(", ", Collections.nCopies(rows, valuesRow)) + ")"
                    + names);
            values[rows] = sql;
        }
        return sql;
    }

    private void bind(Connection con, PreparedStatement ps, List<? extends T> rows) throws SQLException {
        if (rows.size() <= MAX_VALUES_ROWS) {
            int index = 1;
            for (T row : rows) {
                for (Column<T> column : columns) {
                    ps.setObject(index++, column.valueOf(row), column.transfer.jdbcType);
                }
            }
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            Column<T> column = columns.get(i);
            Object[] array = column.transfer.newArray.apply(rows.size());
            int r = 0;
            for (T row : rows) {
                array[r++] = column.valueOf(row);
            }
            ps.setArray(i + 1, con.createArrayOf(column.transfer.arrayElement, array));
        }
    }

    private static String join(Stream<String> parts) {
        return parts.collect(Collectors.joining(", "));
    }
}
