package org.datarecall.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.datarecall.testing.OwnerDatabase;
import org.datarecall.testing.TestDatabases;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Replicas that start together all run Flyway, and a migration may build an index CONCURRENTLY (V23).
 * Under Flyway's default transaction-level lock that build waits for the lock holder's own open
 * transaction and never ends; with the service's Flyway settings it completes.
 */
@QuarkusTest
class MigrationLockTest {

    private static final String SCHEMA = "migration_lock_probe";

    @Inject
    Instance<FlywayConfigurationCustomizer> customizers;

    @Test
    void replicas_migrating_together_build_a_concurrent_index() throws Exception {
        OwnerDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");

        List<CompletableFuture<Integer>> replicas = IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> probeFlyway().load().migrate().migrationsExecuted))
                .toList();
        int executed = 0;
        for (CompletableFuture<Integer> replica : replicas) {
            executed += replica.get(2, TimeUnit.MINUTES);
        }

        assertThat(executed).as("each migration ran once, by one replica").isEqualTo(2);
        try (Connection con = OwnerDatabase.connect(); Statement st = con.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = '%s' AND c.relname = 'probe_name_idx'""".formatted(SCHEMA))) {
            assertThat(rs.next()).as("the index exists").isTrue();
            assertThat(rs.getBoolean(1)).as("the index is valid").isTrue();
        }
        OwnerDatabase.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }

    /** Flyway as the service configures it, on a schema of its own; a lock wait fails instead of hanging. */
    private FluentConfiguration probeFlyway() {
        FluentConfiguration configuration = new FluentConfiguration()
                .dataSource(TestDatabases.testUrl(), OwnerDatabase.USER, OwnerDatabase.PASSWORD)
                .schemas(SCHEMA).createSchemas(true)
                .locations("classpath:db/concurrent-index-probe")
                .initSql("SET lock_timeout = '20s'");
        customizers.forEach(customizer -> customizer.customize(configuration));
        return configuration;
    }
}
