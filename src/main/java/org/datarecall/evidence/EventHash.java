package org.datarecall.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The event hash in Java, the same function as {@code dr_event_hash} in the database (the README
 * documents the canonical form). The import uses it to hash a million CASE_OPENED events on the
 * application's core while the database takes the rows; the integrity check recomputes every hash
 * in SQL, so the two can never silently disagree.
 */
public final class EventHash {

    public static final byte[] GENESIS = new byte[32];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventHash() {
    }

    public static byte[] of(byte[] prevHash, UUID caseId, int seq, String type, String fromState, String toState,
            String actor, Instant at, String data) {
        StringBuilder canonical = new StringBuilder(160 + data.length());
        hex(canonical, prevHash).append('\n')
                .append(caseId).append('\n')
                .append(seq).append('\n')
                .append(type).append('\n')
                .append(fromState == null ? "" : fromState).append('\n')
                .append(toState).append('\n')
                .append(actor).append('\n')
                .append(ChronoUnit.MICROS.between(Instant.EPOCH, at)).append('\n')
                .append(data);
        return sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static StringBuilder hex(StringBuilder out, byte[] bytes) {
        for (byte b : bytes) {
            out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
