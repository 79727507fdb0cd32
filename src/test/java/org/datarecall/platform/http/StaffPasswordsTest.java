package org.datarecall.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Staff passwords given as hashes: what matches, what does not, and which users a production start refuses. */
class StaffPasswordsTest {

    @Test
    void a_pbkdf2_hash_matches_its_password_only() throws Exception {
        String hash = pbkdf2("correct horse", new byte[16], 2000);
        assertThat(hash).startsWith("$pbkdf2-sha256$2000$");
        assertThat(StaffPasswords.matches(hash, "correct horse".toCharArray())).isTrue();
        assertThat(StaffPasswords.matches(hash, "correct horsE".toCharArray())).isFalse();
        // The form bin/hash-password prints (Python's hashlib), read back by the service.
        assertThat(StaffPasswords.matches(
                "$pbkdf2-sha256$1000$NorPFB/TFPK5qcEJw0WWnA$yE7+VF3TgwDyoieGmO7ovEgbfcGXTQOJpl+ZBWOCE8E",
                "ops-secret".toCharArray())).isTrue();
    }

    @Test
    void a_bcrypt_hash_matches_in_each_of_its_prefixes() {
        String hash = BcryptUtil.bcryptHash("s3cret", 4);
        for (String prefix : new String[] { "$2a$", "$2b$", "$2y$" }) {
            String stored = prefix + hash.substring(4);
            assertThat(StaffPasswords.isHash(stored)).isTrue();
            assertThat(StaffPasswords.matches(stored, "s3cret".toCharArray())).isTrue();
            assertThat(StaffPasswords.matches(stored, "s3cret ".toCharArray())).isFalse();
        }
    }

    @Test
    void a_malformed_hash_opens_nothing() {
        assertThat(StaffPasswords.matches("$pbkdf2-sha256$x$y", "".toCharArray())).isFalse();
        assertThat(StaffPasswords.matches("$pbkdf2-sha256$1000$not base64!$AAAA", "a".toCharArray())).isFalse();
    }

    @Test
    void plain_text_users_are_named_for_the_production_refusal() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "quarkus.security.users.embedded.users.ann", "$2y$04$r657tVilbIYal7jnai2V8.LjrOg5RALn7hIBT9z.e41aToMtStfda",
                "quarkus.security.users.embedded.users.bob", "hunter2",
                "quarkus.security.users.embedded.roles.bob", "manager"), "test", 100)).build();
        assertThat(StaffPasswords.plainTextUsers(config)).containsExactly("bob");
    }

    /** In the cluster the users come from a Secret as environment variables (k8s/base/deployment.yaml). */
    @Test
    void plain_text_users_given_as_environment_variables_are_named_too() {
        var config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ANN", "$2y$04$r657tVilbIYal7jnai2V8.LjrOg5RALn7hIBT9z.e41aToMtStfda",
                "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_CAROL", "hunter2",
                "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_CAROL", "manager"), 300)).build();
        assertThat(StaffPasswords.plainTextUsers(config)).containsExactly("carol");
        assertThat(config.getOptionalValue(StaffPasswords.USERS + "ann", String.class))
                .as("the dotted name a sign-in looks up finds the variable").hasValueSatisfying(StaffPasswords::isHash);
    }

    /** A PBKDF2 hash written here straight from the JDK, as bin/hash-password writes it with Python's hashlib. */
    private static String pbkdf2(String password, byte[] salt, int iterations) throws Exception {
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
