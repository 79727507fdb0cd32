package org.datarecall.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The service ships no secret a production start could fall back on: each is for dev and test only. */
class ShippedSecretsTest {

    @Test
    void passwords_keys_and_secrets_have_values_only_in_the_dev_and_test_profiles() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        for (String secret : new String[] { "quarkus.datasource.password", "quarkus.flyway.password",
                "datarecall.token.secret", "quarkus.http.auth.session.encryption-key",
                "datarecall.checkpoint.signing-key" }) {
            assertThat(shipped).as(secret).doesNotContainKey(secret).containsKey("%dev." + secret)
                    .containsKey("%test." + secret);
        }
        assertThat(shipped.stringPropertyNames()).as("no embedded staff user outside dev and test")
                .filteredOn(k -> k.startsWith("quarkus.security.users.embedded.users.")).isEmpty();
    }
}
