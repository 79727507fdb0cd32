package org.datarecall.platform.jdbc;

import java.sql.Types;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One column of the rows a {@link RowWriter} writes: its name in the statement, its SQL type, and
 * how a row gives its value. Numbers travel as numbers; uuids, booleans, times and text travel as
 * text, which the statement casts to the column's type.
 */
public final class Column<T> {

    /** How values travel: the JDBC type of a single value, and the element type and Java type of an array. */
    enum Transfer {
        TEXT(Types.VARCHAR, "text", String[]::new),
        INT(Types.INTEGER, "int4", Integer[]::new),
        BIGINT(Types.BIGINT, "int8", Long[]::new);

        final int jdbcType;
        final String arrayElement;
        final IntFunction<Object[]> newArray;

        Transfer(int jdbcType, String arrayElement, IntFunction<Object[]> newArray) {
            this.jdbcType = jdbcType;
            this.arrayElement = arrayElement;
            this.newArray = newArray;
        }
    }

    final String name;
    final String type;
    final Transfer transfer;
    private final Function<? super T, ?> value;

    private Column(String name, String type, Transfer transfer, Function<? super T, ?> value) {
        this.name = name;
        this.type = type;
        this.transfer = transfer;
        this.value = value;
    }

    public static <T> Column<T> uuid(String name, Function<? super T, UUID> value) {
        return new Column<>(name, "uuid", Transfer.TEXT, row -> text(value.apply(row)));
    }

    public static <T> Column<T> text(String name, Function<? super T, String> value) {
        return new Column<>(name, "text", Transfer.TEXT, value);
    }

    public static <T> Column<T> integer(String name, Function<? super T, Integer> value) {
        return new Column<>(name, "int", Transfer.INT, value);
    }

    public static <T> Column<T> bigint(String name, Function<? super T, Long> value) {
        return new Column<>(name, "bigint", Transfer.BIGINT, value);
    }

    public static <T> Column<T> bool(String name, Function<? super T, Boolean> value) {
        return new Column<>(name, "boolean", Transfer.TEXT, row -> text(value.apply(row)));
    }

    public static <T> Column<T> timestamptz(String name, Function<? super T, Instant> value) {
        return new Column<>(name, "timestamptz", Transfer.TEXT, row -> text(value.apply(row)));
    }

    /** The value this column binds for a row: a number, text, or null. */
    Object valueOf(T row) {
        return value.apply(row);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
