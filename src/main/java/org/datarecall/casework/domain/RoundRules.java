package org.datarecall.casework.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The part of a campaign's policy that rules a round: how long a developer has to attest, when it
 * is reminded and escalated, and how many rounds may follow the first before a failure escalates.
 *
 * @param reminderOffsets relative to the deadline, in the order they fall due (a checked policy keeps them so)
 */
public record RoundRules(Duration attestationWindow, int maxReRequests, List<Duration> reminderOffsets,
        Duration escalateAfter) {

    public RoundRules {
        Objects.requireNonNull(attestationWindow, "attestationWindow");
        Objects.requireNonNull(escalateAfter, "escalateAfter");
        reminderOffsets = List.copyOf(reminderOffsets);
        if (maxReRequests < 0) {
            throw new IllegalArgumentException("maxReRequests must not be negative");
        }
    }
}
