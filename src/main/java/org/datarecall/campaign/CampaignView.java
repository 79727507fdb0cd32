package org.datarecall.campaign;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A campaign in API answers. */
public record CampaignView(
        UUID id,
        String title,
        String description,
        List<String> dataCategories,
        Instant detectedAt,
        Instant exposureStart,
        Instant exposureEnd,
        PolicyDocument policy,
        CampaignStatus status,
        String createdBy,
        Instant createdAt,
        Instant launchedAt,
        Instant closedAt) {

    public static CampaignView of(Campaign c) {
        return new CampaignView(c.id(), c.title(), c.description(), c.dataCategories(), c.detectedAt(),
                c.exposureStart(), c.exposureEnd(), c.policy().toDocument(), c.status(), c.createdBy(),
                c.createdAt(), c.launchedAt(), c.closedAt());
    }
}
