package org.datarecall.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Keys from their secrets: the public key and its id derived, rotation, refusal of a bad key. */
class CheckpointKeysTest {

    private static KeyPair pair() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String pkcs8(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    }

    private static String x509(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    @Test
    void the_public_key_is_derived_from_the_private_one() throws Exception {
        KeyPair pair = pair();
        CheckpointKeys keys = new CheckpointKeys();
        keys.load(pkcs8(pair), List.of());
        assertThat(keys.publicKeys()).singleElement().satisfies(k -> {
            assertThat(k.publicKey()).isEqualTo(x509(pair));
            assertThat(k.keyId()).isEqualTo(CheckpointKeys.keyId(pair.getPublic())).hasSize(16);
            assertThat(k.current()).isTrue();
        });
        byte[] document = "{\"root\":\"00\"}".getBytes(StandardCharsets.UTF_8);
        byte[] signature = keys.sign(document);
        assertThat(keys.verify(keys.currentKeyId(), document, signature)).isTrue();
        document[3] ^= 1;
        assertThat(keys.verify(keys.currentKeyId(), document, signature)).isFalse();
    }

    @Test
    void after_a_rotation_old_signatures_still_verify_by_their_key_id() throws Exception {
        KeyPair old = pair();
        CheckpointKeys before = new CheckpointKeys();
        before.load(pkcs8(old), List.of());
        byte[] document = "signed before".getBytes(StandardCharsets.UTF_8);
        byte[] signature = before.sign(document);

        CheckpointKeys after = new CheckpointKeys();
        after.load(pkcs8(pair()), List.of(x509(old)));
        assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(after.verify(before.currentKeyId(), document, signature)).isTrue();
        assertThat(after.verify(after.currentKeyId(), document, signature)).isFalse();
        assertThat(after.publicKeys()).extracting(CheckpointKeys.PublicKeyView::keyId)
                .containsExactly(after.currentKeyId(), before.currentKeyId());
        assertThat(after.verify("0000000000000000", document, signature)).isFalse();
    }

    @Test
    void a_key_that_is_not_ed25519_stops_the_service() throws Exception {
        String rsa = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded());
        assertThatThrownBy(() -> new CheckpointKeys().load(rsa, List.of()))
                .hasMessageContaining("datarecall.checkpoint.signing-key");
        assertThatThrownBy(() -> new CheckpointKeys().load("not base64!", List.of()))
                .hasMessageContaining("datarecall.checkpoint.signing-key");
    }
}
