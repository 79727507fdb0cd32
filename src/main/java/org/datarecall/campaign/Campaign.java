package org.datarecall.campaign;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A campaign as the service knows it. */
public record Campaign(
        UUID id,
        String title,
        String description,
        List<String> dataCategories,
        Instant detectedAt,
        Instant exposureStart,
        Instant exposureEnd,
        Policy policy,
        CampaignStatus status,
        String createdBy,
        Instant createdAt,
        Instant launchedAt,
        Instant closedAt) {

    /** Developers who read the data on or after this instant are HIGH risk. */
    public Instant highRiskSince() {
        return detectedAt.minus(policy.recentAccessWindow());
    }
}
