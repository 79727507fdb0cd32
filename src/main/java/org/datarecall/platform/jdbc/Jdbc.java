package org.datarecall.platform.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The query, update and connection boilerplate of plain JDBC, written once: a statement with its
 * parameters in, mapped rows or a count out, {@link SQLException} turned into {@link DatabaseException}.
 * Connections come from the data source, so they join the caller's JTA transaction when there is one.
 */
@ApplicationScoped
public class Jdbc {

    /** Reads one row into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work on one connection, for what the one-statement methods do not cover. */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T run(Connection con) throws SQLException;
    }

    @Inject
    DataSource dataSource;

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(con -> list(con, sql, mapper, params));
    }

    /** The first row, mapped; empty when there is none or it maps to null (an aggregate over no rows). */
    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    /** Answers the number of rows the statement changed. */
    public int update(String sql, Object... params) {
        return withConnection(con -> update(con, sql, params));
    }

    public <T> T withConnection(ConnectionWork<T> work) {
        try (Connection con = dataSource.getConnection()) {
            return work.run(con);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public static <T> List<T> list(Connection con, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            bind(ps, params);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        }
    }

    /**
     * Long set-based work (an import, a check of every chain, an export) in the caller's transaction: the
     * session's statement_timeout (datarecall.db.statement-timeout) becomes an hour, its lock_timeout ten
     * minutes (it may wait for another replica's checkpoint or import) and work_mem 256 MB, for this
     * transaction only.
     */
    public static void longWork(Connection con) throws SQLException {
        try (java.sql.Statement st = con.createStatement()) {
            st.execute("SET LOCAL statement_timeout = '1h'; SET LOCAL lock_timeout = '10min'; "
                    + "SET LOCAL work_mem = '256MB'");
        }
    }

    /** Work in the caller's transaction that answers a value. */
    @FunctionalInterface
    public interface Query<T> {
        T run() throws SQLException;
    }

    /**
     * Runs a query that joins whole grouped sets (every case's events, a campaign's records) with nested
     * loops planned out, in the caller's transaction. Right after an import the statistics still say the
     * campaign has a handful of cases; planned on them, a grouped set is read again for each case (31 s
     * instead of 44 ms for 10,000 cases, measured). Hash joins cost the same whatever the estimate.
     */
    public static <T> T withoutNestedLoops(Connection con, Query<T> work) throws SQLException {
        update(con, "SET LOCAL enable_nestloop = off");
        T result = work.run(); // should it fail, the setting ends with the transaction, which is done for
        update(con, "RESET enable_nestloop");
        return result;
    }

    public static int update(Connection con, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /**
     * Binds in order: an {@link Instant} as {@code timestamptz}, a {@code String[]} as a {@code text}
     * array and an {@code Integer[]} as an {@code int4} array (the statement casts them, e.g.
     * {@code ?::uuid[]}), everything else as the driver maps it.
     */
    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            bind(ps, i + 1, params[i]);
        }
    }

    /** Binds one parameter as {@link #bind(PreparedStatement, Object...)} does. */
    public static void bind(PreparedStatement ps, int index, Object param) throws SQLException {
        if (param instanceof Instant instant) {
            SqlValues.setInstant(ps, index, instant);
        } else if (param instanceof String[] texts) {
            ps.setArray(index, ps.getConnection().createArrayOf("text", texts));
        } else if (param instanceof Integer[] numbers) {
            ps.setArray(index, ps.getConnection().createArrayOf("int4", numbers));
        } else {
            ps.setObject(index, param);
        }
    }
}
