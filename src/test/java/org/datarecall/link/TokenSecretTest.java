package org.datarecall.link;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

/** A production service refuses a token secret shorter than the 256-bit key it becomes; dev and test may use short ones. */
class TokenSecretTest {

    @Test
    void a_production_service_needs_32_bytes_of_token_secret() {
        assertThatThrownBy(() -> DeveloperLinks.checkSecret("short-secret", LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("12 bytes")
                .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> DeveloperLinks.checkSecret("x".repeat(31), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> DeveloperLinks.checkSecret("x".repeat(32), LaunchMode.NORMAL)).doesNotThrowAnyException();
        // Counted in bytes: 16 two-byte characters are enough.
        assertThatCode(() -> DeveloperLinks.checkSecret("é".repeat(16), LaunchMode.NORMAL)).doesNotThrowAnyException();
        assertThatCode(() -> DeveloperLinks.checkSecret("short-secret", LaunchMode.TEST)).doesNotThrowAnyException();
        assertThatCode(() -> DeveloperLinks.checkSecret("short-secret", LaunchMode.DEVELOPMENT)).doesNotThrowAnyException();
    }
}
