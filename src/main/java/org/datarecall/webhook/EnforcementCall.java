package org.datarecall.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The call that tells the platform to act on an enforcement (APP_SUSPENDED or ACCESS_TERMINATED): made
 * once per ENFORCED event ({@code eventId} = its case id and seq), POSTed to
 * {@code datarecall.platform.enforcement-url} as {@code {caseId, appIds, measure, ...}}.
 */
public record EnforcementCall(UUID campaignId, UUID caseId, int seq, String developerId, List<String> appIds,
        String measure, String reason, Instant at) {

    /** The subscription name its deliveries carry; no configured subscription can have it (names have no '@'). */
    static final String SUBSCRIPTION = "@enforcement";

    String eventId() {
        return caseId + ":" + seq;
    }
}
