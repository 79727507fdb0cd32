package org.datarecall.evidence;

import java.time.Instant;

/** An event as stored in a case's chain; {@code data} is the exact JSON text that was hashed. */
public record StoredEvent(int seq, String type, String fromState, String toState, String actor, Instant at,
        String data, String prevHash, String hash) {
}
