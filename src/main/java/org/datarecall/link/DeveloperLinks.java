package org.datarecall.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.datarecall.platform.config.DataRecallConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Developer links. A link's token is HMAC-SHA256(token secret, link id): 256 bits, URL-safe, and
 * unpredictable without the secret. The database keeps the link id and the token's SHA-256, never
 * the token, so a copy of the database alone opens no case; the service derives the token again
 * when a mail is sent or re-sent.
 */
@ApplicationScoped
public class DeveloperLinks {

    /**
     * A link of a round, as issued.
     *
     * @param replacesEarlier the case may hold an earlier working link, which this one supersedes
     * @param delegate the link of a colleague the round was handed to (see {@link #delegate})
     */
    public record Link(UUID id, UUID caseId, int round, byte[] tokenHash, Instant createdAt, Instant expiresAt,
            boolean replacesEarlier, boolean delegate) {
    }

    @Inject
    DataRecallConfig config;

    /** Bytes of secret a production service needs: as many as the HMAC-SHA-256 key it becomes (256 bits). */
    static final int MIN_SECRET_BYTES = 32;

    /** A production service with a short token secret does not start: every link's strength rests on it. */
    void checkSecret(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        checkSecret(config.token().secret(), io.quarkus.runtime.LaunchMode.current());
    }

    static void checkSecret(String secret, io.quarkus.runtime.LaunchMode mode) {
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (mode == io.quarkus.runtime.LaunchMode.NORMAL && bytes < MIN_SECRET_BYTES) {
            throw new IllegalStateException("datarecall.token.secret has " + bytes + " bytes; give at least "
                    + MIN_SECRET_BYTES + " random ones (e.g. openssl rand -base64 32)");
        }
    }

    /** The link of a round that opens now; any earlier round's link stops working. */
    public Link issue(UUID caseId, int round, Instant now) {
        return link(caseId, round, now, round > 1);
    }

    /** A fresh link for the current round (a new deadline must not outlive its link); the earlier one stops working. */
    public Link reissue(UUID caseId, int round, Instant now) {
        return link(caseId, round, now, true);
    }

    /**
     * The link of a delegate for the current round. It replaces nothing: the contact's link keeps
     * showing the case (read-only), and a new deadline's link for the contact leaves this one working.
     */
    public Link delegate(UUID caseId, int round, Instant now) {
        UUID id = UUID.randomUUID();
        return new Link(id, caseId, round, sha256(token(id)), now, now.plus(config.token().ttl()), false, true);
    }

    private Link link(UUID caseId, int round, Instant now, boolean replacesEarlier) {
        UUID id = UUID.randomUUID();
        return new Link(id, caseId, round, sha256(token(id)), now, now.plus(config.token().ttl()), replacesEarlier,
                false);
    }

    /** The token of a link, as the developer sees it in the URL. */
    public String token(UUID linkId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.token().secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            ByteBuffer id = ByteBuffer.allocate(16).putLong(linkId.getMostSignificantBits())
                    .putLong(linkId.getLeastSignificantBits());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(id.array()));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public String url(UUID linkId) {
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                : config.baseUrl();
        return base + "/attest/" + token(linkId);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
