package org.datarecall.platform.jdbc;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Conversions between JDBC values and the service's types, in one place. */
public final class SqlValues {

    private SqlValues() {
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A {@code date} column as the start of that day in UTC; null stays null. */
    public static Instant dayStart(ResultSet rs, String column) throws SQLException {
        java.time.LocalDate day = rs.getObject(column, java.time.LocalDate.class);
        return day == null ? null : day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    public static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    public static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    public static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, value.atOffset(ZoneOffset.UTC));
        }
    }

    /** Each value's text, for an array parameter that the statement casts (e.g. {@code ?::uuid[]}). */
    public static String[] texts(Collection<?> values) {
        return values.stream().map(value -> value == null ? null : value.toString()).toArray(String[]::new);
    }
}
