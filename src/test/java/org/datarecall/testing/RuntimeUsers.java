package org.datarecall.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the packaged service the way an operator would: prod profile, users and roles given as
 * run-time properties, the test database by URL. Its sweep and sender are off: Quarkus keeps this
 * process running for the rest of the integration tests, and the replicas test must be the only
 * one moving cases and sending mail on the shared database.
 */
public class RuntimeUsers implements QuarkusTestResourceLifecycleManager {

    /** A checkpoint key for the packaged service in tests only (Ed25519, PKCS#8 base64). */
    public static final String PACKAGED_SIGNING_KEY = "MC4CAQAwBQYDK2VwBCIEIPV9JO0gAbCbJEZcpc2hGwLNCrKGFcXQidoMJgOGSI8x";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", TestDatabases.testUrl(),
                "quarkus.security.users.embedded.users.ops", "s3cret-ops",
                "quarkus.security.users.embedded.roles.ops", "manager",
                "quarkus.security.users.embedded.users.legal", "s3cret-legal",
                "quarkus.security.users.embedded.roles.legal", "viewer",
                "datarecall.token.secret", "packaged-test-secret-0123456789abcdef",
                "datarecall.checkpoint.signing-key", PACKAGED_SIGNING_KEY,
                "datarecall.sweep.interval", "off",
                "datarecall.outbox.poll-interval", "off");
    }

    @Override
    public void stop() {
    }
}
