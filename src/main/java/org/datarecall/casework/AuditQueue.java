package org.datarecall.casework;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.platform.http.Cursors;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Violations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The auditors' queue: every campaign's AUDIT_PENDING cases, those waiting longest first, a page at a
 * time (keyset: when the case began to wait, then its id).
 */
@ApplicationScoped
public class AuditQueue {

    /** A case waiting for its audit, with what an auditor picks by. */
    public record Item(UUID caseId, UUID campaignId, String campaignTitle, String developerId, String developerName,
            RiskTier riskTier, int round, Instant waitingSince, String owner) {
    }

    @Inject
    CaseRepository cases;

    @Inject
    CampaignService campaigns;

    /** A page of the queue; {@code owner} as {@link CaseRepository#auditQueue} takes it (null: everyone's). */
    public Page<Item> page(String owner, String cursor, int limit) {
        String after = Cursors.decode(cursor);
        Instant afterSince = null;
        UUID afterId = null;
        if (after != null) {
            int bar = after.indexOf('|');
            try {
                afterSince = Instant.parse(after.substring(0, Math.max(0, bar)));
                afterId = UUID.fromString(after.substring(bar + 1));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw Violations.single("cursor", "is not a cursor returned by this list");
            }
        }
        List<CaseRecord> rows = cases.auditQueue(owner, afterSince, afterId, limit + 1);
        boolean more = rows.size() > limit;
        List<CaseRecord> shown = more ? rows.subList(0, limit) : rows;
        Map<UUID, String> titles = new HashMap<>();
        List<Item> items = shown.stream().map(c -> new Item(c.id(), c.campaignId(),
                titles.computeIfAbsent(c.campaignId(), id -> campaigns.find(id).map(Campaign::title).orElse("")),
                c.developer().developerId(), c.developer().name(), c.riskTier(), c.snapshot().round(),
                c.timers().stateSince(), c.owner())).toList();
        String next = more ? Cursors.encode(shown.getLast().timers().stateSince() + "|" + shown.getLast().id()) : null;
        return new Page<>(items, next);
    }
}
