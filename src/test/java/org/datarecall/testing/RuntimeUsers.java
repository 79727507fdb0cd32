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

    /**
     * Production refuses plain-text staff passwords: the packaged service's users are given as hashes
     * (few iterations, for speed). "ops-secret" as PBKDF2, the ops user of the replicas' tests.
     */
    public static final String OPS_SECRET = "$pbkdf2-sha256$1000$NorPFB/TFPK5qcEJw0WWnA$yE7+VF3TgwDyoieGmO7ovEgbfcGXTQOJpl+ZBWOCE8E";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", TestDatabases.testUrl(),
                // "s3cret-ops" as PBKDF2, "s3cret-legal" as bcrypt in htpasswd's $2y$ form.
                "quarkus.security.users.embedded.users.ops",
                "$pbkdf2-sha256$1000$dn8148TqxZss7WkKmoDumA$JaDz/tSTt7wks1+yb6hgu4tXhw4oWtjjZd+6fIvFyzQ",
                "quarkus.security.users.embedded.roles.ops", "manager",
                "quarkus.security.users.embedded.users.legal", "$2y$04$r657tVilbIYal7jnai2V8.LjrOg5RALn7hIBT9z.e41aToMtStfda",
                "quarkus.security.users.embedded.roles.legal", "viewer",
                "datarecall.token.secret", "packaged-test-secret-0123456789abcdef",
                "datarecall.checkpoint.signing-key", PACKAGED_SIGNING_KEY,
                "datarecall.sweep.interval", "off",
                // Random like the HTTP port the launcher picks (one fixed, one random hangs the start).
                "quarkus.management.port", "0",
                "datarecall.outbox.poll-interval", "off");
    }

    @Override
    public void stop() {
    }
}
