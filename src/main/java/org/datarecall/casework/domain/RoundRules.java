package org.datarecall.casework.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The part of a campaign's policy that decides rounds: how long a developer has to attest,
 * and how many rounds may follow the first before a failure escalates.
 */
public record RoundRules(Duration attestationWindow, int maxReRequests) {

    public RoundRules {
        Objects.requireNonNull(attestationWindow, "attestationWindow");
        if (maxReRequests < 0) {
            throw new IllegalArgumentException("maxReRequests must not be negative");
        }
    }
}
