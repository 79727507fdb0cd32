package org.datarecall.evidence;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.datarecall.platform.config.DataRecallConfig;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The checkpoint keys (ADR 0009): the Ed25519 signing key from its secret, and every public key a
 * checkpoint may have been signed with, by key id (the first 8 bytes of the SHA-256 of the public
 * key's X.509 encoding). A key that does not parse stops the service at start, not at the first
 * checkpoint.
 */
@ApplicationScoped
public class CheckpointKeys {

    /** A public key as {@code /.well-known/datarecall-keys} and the evidence pack give it. */
    public record PublicKeyView(String keyId, String algorithm, String publicKey, boolean current) {
    }

    @Inject
    DataRecallConfig config;

    private PrivateKey signingKey;
    private String currentKeyId;
    private final Map<String, PublicKey> verificationKeys = new LinkedHashMap<>();

    @PostConstruct
    void load() {
        load(config.checkpoint().signingKey().orElseThrow(() -> new IllegalStateException(
                "datarecall.checkpoint.signing-key is required (DATARECALL_CHECKPOINT_SIGNING_KEY): an Ed25519 key, "
                        + "PKCS#8 DER in base64; see the README")),
                config.checkpoint().verificationKeys().orElse(List.of()));
    }

    /** Reads the signing key (PKCS#8, base64) and the earlier public keys (X.509, base64). */
    void load(String signing, List<String> earlier) {
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            signingKey = ed25519.generatePrivate(new PKCS8EncodedKeySpec(decode(signing,
                    "datarecall.checkpoint.signing-key")));
            PublicKey current = publicKeyOf(signingKey);
            currentKeyId = keyId(current);
            verificationKeys.put(currentKeyId, current);
            for (String encoded : earlier) {
                PublicKey key = ed25519.generatePublic(new X509EncodedKeySpec(decode(encoded,
                        "datarecall.checkpoint.verification-keys")));
                verificationKeys.putIfAbsent(keyId(key), key);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("datarecall.checkpoint.signing-key / verification-keys: not an Ed25519 "
                    + "key in base64 DER (PKCS#8 for the signing key, X.509 for verification keys): " + e.getMessage(), e);
        }
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public byte[] sign(byte[] document) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(signingKey);
            signature.update(document);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Does the signature verify under the key of that id? False for an unknown key id too. */
    public boolean verify(String keyId, byte[] document, byte[] signatureBytes) {
        PublicKey key = verificationKeys.get(keyId);
        if (key == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(document);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Every public key, the current one first. */
    public List<PublicKeyView> publicKeys() {
        List<PublicKeyView> keys = new ArrayList<>();
        verificationKeys.forEach((id, key) -> keys.add(new PublicKeyView(id, "Ed25519",
                Base64.getEncoder().encodeToString(key.getEncoded()), id.equals(currentKeyId))));
        return keys;
    }

    public static String keyId(PublicKey key) {
        byte[] digest = MerkleTree.sha256().digest(key.getEncoded());
        return HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
    }

    /**
     * The public key of a PKCS#8 Ed25519 private key. The JDK has no call for it, but a key pair
     * generated from a "random" source that yields exactly the private key's 32 bytes is that pair
     * (RFC 8032 §5.1.5: the private key is the seed).
     */
    static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the signing key's bytes cannot be read"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
        KeyPair pair = generator.generateKeyPair();
        return pair.getPublic();
    }

    private static byte[] decode(String base64, String key) throws GeneralSecurityException {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(key + " is not base64");
        }
    }

    /** Yields one fixed seed: only for deriving a public key from its private key. */
    private static final class SeedRandom extends SecureRandom {

        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
