package org.datarecall.link;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.datarecall.link.DeveloperLinks.Link;
import org.datarecall.link.DeveloperLinks.Stored;
import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Each link carries 256 random bits of its own and the id of the key that derived it, so the key can be
 * rotated: a link of the previous key still opens and its mail can still be written, until it expires.
 */
@QuarkusTest
@TestProfile(LinkKeyRotationTest.Rotated.class)
class LinkKeyRotationTest extends WorkflowTest {

    static final String OLD_KEY = "the-previous-link-key-0123456789abcdef";

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SmtpServer.class, Map.of(), true));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datarecall.token.previous-secrets", OLD_KEY);
        }
    }

    @Inject
    DeveloperLinks links;

    @Inject
    LinkStore store;

    @Inject
    DataSource dataSource;

    @Test
    void a_new_link_has_its_own_random_bits_and_the_current_keys_id() throws Exception {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "new links");
        try (var con = dataSource.getConnection(); var ps = con.prepareStatement(
                "SELECT id, nonce, key_id FROM dr_token WHERE case_id = ?::uuid AND superseded_at IS NULL")) {
            ps.setString(1, one.caseId());
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                byte[] nonce = rs.getBytes("nonce");
                assertThat(nonce).hasSize(32);
                assertThat(rs.getString("key_id")).isEqualTo(DeveloperLinks.keyId("test-only-token-secret"))
                        .isNotEqualTo(DeveloperLinks.keyId(OLD_KEY)).hasSize(16);
                // The token in the mail is the one derived, independently, from the stored row.
                assertThat(one.token()).isEqualTo(derive("test-only-token-secret", rs.getObject("id", UUID.class),
                        nonce, rs.getString("key_id")));
            }
        }
    }

    @Test
    void a_link_of_the_previous_key_still_opens_and_its_url_can_be_written_again() throws Exception {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "rotated key");
        UUID id = UUID.randomUUID();
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        String oldKeyId = DeveloperLinks.keyId(OLD_KEY);
        String token = derive(OLD_KEY, id, nonce, oldKeyId);
        Instant now = clock.instant();
        store.insert(List.of(new Link(id, UUID.fromString(one.caseId()), 1, DeveloperLinks.sha256(token), nonce,
                oldKeyId, now, now.plusSeconds(86_400), true, false)));

        given().get("/attest/{token}", token).then().statusCode(200);
        assertThat(links.url(new Stored(id, nonce, oldKeyId))).endsWith("/attest/" + token);
        // A key that is neither the current nor a previous one: said plainly, not a wrong link.
        assertThatThrownBy(() -> links.token(new Stored(id, nonce, "00000000000000ff")))
                .hasMessageContaining("00000000000000ff").hasMessageContaining("previous-secrets");
    }

    /** The derivation as written in DeveloperLinks' documentation, computed here on its own. */
    static String derive(String key, UUID id, byte[] nonce, String keyId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] kid = keyId.getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(ByteBuffer
                .allocate(kid.length + 1 + 16 + nonce.length).put(kid).put((byte) 0)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).put(nonce).array()));
    }
}
