package org.datarecall.platform.jdbc;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * Time-ordered UUIDs (version 7, RFC 9562): new rows land at the right edge of the primary-key
 * index instead of at random pages, which keeps million-row imports fast. Within one process the
 * ids are strictly increasing (the 12 bits after the timestamp count within a millisecond), so
 * rows made at the same instant still sort in the order they were made.
 */
public final class Ids {

    // One generator per thread: a shared SecureRandom serialises every id made by concurrent requests.
    // (The platform default, NativePRNG, shares one locked source even between instances; DRBG does not.)
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Ids::generator);

    private Ids() {
    }

    public static UUID newId() {
        return newId(Instant.now());
    }

    private static long lastMillis;
    private static long counter;

    public static UUID newId(Instant at) {
        long millis;
        long sequence;
        synchronized (Ids.class) {
            millis = Math.max(at.toEpochMilli(), lastMillis);
            if (millis == lastMillis) {
                counter++;
                if (counter > 0xFFF) {
                    millis++;
                    counter = RANDOM.get().nextInt(1 << 10);
                }
            } else {
                // Start low in the millisecond so that the counter has room to grow.
                counter = RANDOM.get().nextInt(1 << 10);
            }
            lastMillis = millis;
            sequence = counter;
        }
        long msb = (millis << 16) | 0x7000L | sequence;
        long lsb = (RANDOM.get().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** Parses a UUID from a path or query, or returns null when it is not one. */
    public static UUID parseOrNull(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An id from outside (a path, a form); one that is not a UUID names nothing, like an unknown one. */
    public static UUID parseOr(String text, Function<String, ? extends RuntimeException> unknown) {
        UUID parsed = parseOrNull(text);
        if (parsed == null) {
            throw unknown.apply(text);
        }
        return parsed;
    }
}
