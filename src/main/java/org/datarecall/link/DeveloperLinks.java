package org.datarecall.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.datarecall.platform.config.DataRecallConfig;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Developer links. A link's token is HMAC-SHA256(key, key id, link id, 256 random bits of the link):
 * 256 bits, URL-safe, and unpredictable without the key. The database keeps the link id, its random
 * bits, the key's id and the token's SHA-256, never the token, so a copy of the database alone opens no
 * case; the service derives the token again when a mail is sent or re-sent. A link opens by its hash,
 * whatever key made it: after a rotation ({@code datarecall.token.secret} new, the old value in
 * {@code previous-secrets}) old links still open until they expire, and their mails still carry them.
 * Links from before the key id (none recorded) were derived from the link id alone with the current key.
 */
@ApplicationScoped
public class DeveloperLinks {

    /**
     * A link of a round, as issued.
     *
     * @param replacesEarlier the case may hold an earlier working link, which this one supersedes
     * @param delegate the link of a colleague the round was handed to (see {@link #delegate})
     */
    public record Link(UUID id, UUID caseId, int round, byte[] tokenHash, byte[] nonce, String keyId,
            Instant createdAt, Instant expiresAt, boolean replacesEarlier, boolean delegate) {
    }

    /** What the token of a stored link is derived from: its random bits and key id are null for an old link. */
    public record Stored(UUID id, byte[] nonce, String keyId, byte[] tokenHash) {
        /** A link as a mail needs it; {@code tokenHash} only tells which key made a link of before V24. */
        public Stored(UUID id, byte[] nonce, String keyId) {
            this(id, nonce, keyId, null);
        }

    }

    @Inject
    DataRecallConfig config;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Bytes of secret a production service needs: as many as the HMAC-SHA-256 key it becomes (256 bits). */
    static final int MIN_SECRET_BYTES = 32;

    /** A production service with a short token secret does not start: every link's strength rests on it. */
    void checkSecret(@Observes StartupEvent start) {
        checkSecret(config.token().secret(), LaunchMode.current());
        config.token().previousSecrets().orElse(List.of()).forEach(s -> checkSecret(s, LaunchMode.current()));
    }

    static void checkSecret(String secret, LaunchMode mode) {
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (mode == LaunchMode.NORMAL && bytes < MIN_SECRET_BYTES) {
            throw new IllegalStateException("datarecall.token.secret has " + bytes + " bytes; give at least "
                    + MIN_SECRET_BYTES + " random ones (e.g. openssl rand -base64 32)");
        }
    }

    /** The link of a round that opens now; any earlier round's link stops working. */
    public Link issue(UUID caseId, int round, Instant now) {
        return link(caseId, round, now, round > 1, false);
    }

    /** A fresh link for the current round (a new deadline must not outlive its link); the earlier one stops working. */
    public Link reissue(UUID caseId, int round, Instant now) {
        return link(caseId, round, now, true, false);
    }

    /**
     * The link of a delegate for the current round. It replaces nothing: the contact's link keeps
     * showing the case (read-only), and a new deadline's link for the contact leaves this one working.
     */
    public Link delegate(UUID caseId, int round, Instant now) {
        return link(caseId, round, now, false, true);
    }

    private Link link(UUID caseId, int round, Instant now, boolean replacesEarlier, boolean delegate) {
        UUID id = UUID.randomUUID();
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        String keyId = keyId(config.token().secret());
        return new Link(id, caseId, round, sha256(token(new Stored(id, nonce, keyId))), nonce, keyId, now,
                now.plus(config.token().ttl()), replacesEarlier, delegate);
    }

    /** The token of a link, as the developer sees it in the URL. */
    public String token(Stored link) {
        if (link.keyId() == null) {
            return beforeKeyIds(link);
        }
        byte[] input = ByteBuffer.allocate(link.keyId().length() + 1 + 16 + link.nonce().length)
                .put(link.keyId().getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put(uuid(link.id()))
                .put(link.nonce()).array();
        return hmac(secretOf(link.keyId()), input);
    }

    /** The developer's URL of a stored link. */
    public String url(Stored link) {
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                : config.baseUrl();
        return base + "/attest/" + token(link);
    }

    /** A key's public name: the first 8 bytes of its SHA-256, in hex. It says which key, never the key. */
    public static String keyId(String secret) {
        return HexFormat.of().formatHex(sha256(secret), 0, 8);
    }

    /**
     * A link made before V24 (no key id, no nonce): HMAC(secret, id) under whichever key made it, found by
     * its stored hash, so that a reminder written after a rotation still carries the link that opens.
     */
    private String beforeKeyIds(Stored link) {
        if (link.tokenHash() == null) {
            return hmac(config.token().secret(), uuid(link.id()));
        }
        for (String key : keys()) {
            String token = hmac(key, uuid(link.id()));
            if (java.security.MessageDigest.isEqual(sha256(token), link.tokenHash())) {
                return token;
            }
        }
        throw new IllegalStateException("the link " + link.id() + " was made before key ids with a key that is "
                + "neither datarecall.token.secret nor one of datarecall.token.previous-secrets");
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add(config.token().secret());
        keys.addAll(config.token().previousSecrets().orElse(List.of()));
        return keys;
    }

    private String secretOf(String keyId) {
        List<String> keys = keys();
        return keys.stream().filter(k -> keyId(k).equals(keyId)).findFirst().orElseThrow(() ->
                new IllegalStateException("the link key " + keyId + " is neither datarecall.token.secret nor one "
                        + "of datarecall.token.previous-secrets"));
    }

    private static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static String hmac(String key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
