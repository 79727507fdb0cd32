package org.datarecall.link;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datarecall.testing.Api.manager;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    /**
     * A link made before key ids (V24: no nonce, no key id, HMAC(secret, id)) under the key since rotated:
     * the reminder written after the rotation carries the token that opens it, not one of the new key.
     */
    @Test
    void a_link_made_before_key_ids_keeps_its_token_in_mail_written_after_a_rotation() throws Exception {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "link from before key ids");
        UUID id = UUID.randomUUID();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(OLD_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array()));
        Instant now = clock.instant();
        store.insert(List.of(new Link(id, UUID.fromString(one.caseId()), 1, DeveloperLinks.sha256(token), new byte[32],
                "0000000000000000", now, now.plusSeconds(86_400), true, false)));
        // As the row stands after V24's migration of an older one (the owner's change: the service never makes one).
        try (Connection con = java.sql.DriverManager.getConnection(org.datarecall.testing.TestDatabases.testUrl(),
                "datarecall", "datarecall"); PreparedStatement before = con.prepareStatement(
                        "UPDATE dr_token SET nonce = NULL, key_id = NULL WHERE id = ?")) {
            before.setObject(1, id);
            assertThat(before.executeUpdate()).isOne();
        }
        given().get("/attest/{token}", token).then().statusCode(200);

        // The case's next mail is written with that link, as a reminder queued before the rotation would be.
        manager().contentType("application/json").body(Map.of())
                .post("/api/v1/cases/{id}/actions/resend-notice", one.caseId()).then().statusCode(200);
        try (Connection con = dataSource.getConnection(); PreparedStatement point = con.prepareStatement(
                "UPDATE dr_notice SET link_token_id = ? WHERE case_id = ? AND status = 'QUEUED'")) {
            point.setObject(1, id);
            point.setObject(2, UUID.fromString(one.caseId()));
            assertThat(point.executeUpdate()).isPositive();
        }
        sender.sendDue();
        assertThat(PortalFixture.tokensFrom(one.caseId(), "DELETION_REQUEST")).last().isEqualTo(token);
        // Made with a key that is neither the current nor a previous one: said plainly, not a wrong link.
        assertThatThrownBy(() -> links.token(new Stored(id, null, null, DeveloperLinks.sha256("another"))))
                .hasMessageContaining("before key ids").hasMessageContaining("previous-secrets");
    }

    /** A signatory code mailed just before the token secret was rotated still signs (it lives 15 minutes). */
    @Test
    void a_signatory_code_issued_under_the_previous_key_still_signs() throws Exception {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "code from before the rotation");
        PortalFixture.askForCode(one.token(), "dpo@developer.example").then().statusCode(202);
        // The code as the service keeps it had it been issued under the previous secret: its MAC under that key.
        Mac oldKey = Mac.getInstance("HmacSHA256");
        oldKey.init(new SecretKeySpec(OLD_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(oldKey.doFinal("signatory-code".getBytes(StandardCharsets.UTF_8)), "HmacSHA256"));
        byte[] issued = mac.doFinal((one.caseId() + "\ndpo@developer.example\n" + "424242")
                .getBytes(StandardCharsets.UTF_8));
        try (Connection con = dataSource.getConnection(); PreparedStatement rekey = con.prepareStatement(
                "UPDATE dr_signatory_code SET code_hmac = ? WHERE case_id = ?")) {
            rekey.setBytes(1, issued);
            rekey.setObject(2, UUID.fromString(one.caseId()));
            assertThat(rekey.executeUpdate()).isOne();
        }
        Map<String, Object> attestation = new java.util.HashMap<>(PortalFixture.validAttestation());
        attestation.put("signatoryCode", "424243");
        PortalFixture.submit(one.token(), attestation).then().statusCode(400)
                .body("violations.message", org.hamcrest.Matchers.contains("wrong code"));
        attestation.put("signatoryCode", "424242");
        PortalFixture.submit(one.token(), attestation).then().statusCode(201);
        manager().get("/api/v1/cases/{id}", one.caseId()).then().body("state", org.hamcrest.Matchers.equalTo("ATTESTED"));
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
