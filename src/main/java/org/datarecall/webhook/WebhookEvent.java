package org.datarecall.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * A case event as a webhook tells it: where it belongs, its place in the case's chain and its data as
 * stored (the exact JSON text that was hashed).
 */
public record WebhookEvent(UUID campaignId, UUID caseId, int seq, String type, String fromState, String toState,
        String actor, Instant at, String data) {

    /** The CloudEvents id: the same for every attempt and every subscription, so a receiver can drop repeats. */
    public String id() {
        return caseId + ":" + seq;
    }
}
