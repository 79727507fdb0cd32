package org.datarecall.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connection to the test database as the schema's owner (the role Flyway migrates as), for tests
 * that do what the service's runtime role may not: switch a trigger off, add one, rewrite history.
 * Owner and password come from {@code DATARECALL_DB_USER} / {@code DATARECALL_DB_PASSWORD}, as
 * {@code bin/ensure-postgres} creates them (default {@code datarecall}).
 */
public final class OwnerDatabase {

    public static final String USER = System.getenv().getOrDefault("DATARECALL_DB_USER", "datarecall");
    public static final String PASSWORD = System.getenv().getOrDefault("DATARECALL_DB_PASSWORD", "datarecall");

    private OwnerDatabase() {
    }

    /** A new connection to the database at this URL as the owner; the caller closes it. */
    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    /** A new connection to the test database as the owner; the caller closes it. */
    public static Connection connect() throws SQLException {
        return connect(TestDatabases.testUrl());
    }

    /** Runs statements as the owner on the test database, each in its own transaction. */
    public static void execute(String... statements) throws SQLException {
        try (Connection con = connect(); Statement st = con.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
