package org.datarecall.platform.jdbc;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Replicas starting together take Flyway's migration lock as a session-level advisory lock, not a
 * transaction-level one. With the transaction-level lock (Flyway's default) the lock holder keeps a
 * transaction open for the whole migration, and a waiting replica sits inside another; a
 * {@code CREATE INDEX CONCURRENTLY} migration waits for every older transaction to end, so it waits
 * for those forever and the start hangs. The session lock is polled with short statements and holds
 * no snapshot.
 */
@Singleton
public class SessionLevelMigrationLock implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.getPluginRegister()
                .getExact(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
    }
}
