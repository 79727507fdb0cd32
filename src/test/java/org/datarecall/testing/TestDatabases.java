package org.datarecall.testing;

/**
 * The databases the tests use, by name: {@code DATARECALL_TEST_DB} (default {@code datarecall_test})
 * and {@code DATARECALL_MIGRATE_DB} (default {@code datarecall_migrate}), so that two checkouts on one
 * machine can test at once. {@code bin/test} creates both fresh and hands the first to the test profile.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static String testUrl() {
        return url(System.getenv().getOrDefault("DATARECALL_TEST_DB", "datarecall_test"));
    }

    public static String migrateUrl() {
        return url(System.getenv().getOrDefault("DATARECALL_MIGRATE_DB", "datarecall_migrate"));
    }

    private static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }
}
