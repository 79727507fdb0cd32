package org.datarecall.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.Cursors;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Violations;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Creates campaigns and moves them through DRAFT → ACTIVE → CLOSED. */
@ApplicationScoped
@Transactional
public class CampaignService {

    @Inject
    CampaignRepository campaigns;

    @Inject
    Clock clock;

    @Inject
    Event<PolicyChanged> policyChanged;

    public Campaign create(CampaignRequest request, String actor) {
        Instant now = Times.stored(clock.instant());
        Policy policy = request.check(now);
        Campaign campaign = new Campaign(Ids.newId(now), request.title().trim(),
                request.description() == null ? "" : request.description(),
                request.dataCategories().stream().map(String::trim).toList(),
                request.detectedAt() == null ? now : Times.stored(request.detectedAt()),
                Times.stored(request.exposureStart()), Times.stored(request.exposureEnd()),
                policy, CampaignStatus.DRAFT, actor, now, null, null);
        campaigns.insert(campaign);
        return campaign;
    }

    /**
     * A DRAFT with the source campaign's description, data categories, dates and policy, under a new
     * title (blank: the source's, marked as its follow-up); its developers are imported by the caller.
     */
    public Campaign createFollowUp(Campaign source, String title, String actor) {
        Instant now = Times.stored(clock.instant());
        Violations v = new Violations();
        String name = title == null || title.isBlank()
                ? shortened(source.title() + " (follow-up " + now.toString().substring(0, 10) + ")")
                : v.requireText("title", title, 200);
        v.throwIfAny();
        Campaign campaign = new Campaign(Ids.newId(now), name.trim(), source.description(), source.dataCategories(),
                source.detectedAt(), source.exposureStart(), source.exposureEnd(), source.policy(),
                CampaignStatus.DRAFT, actor, now, null, null);
        campaigns.insert(campaign);
        return campaign;
    }

    private static String shortened(String title) {
        return title.length() <= 200 ? title : title.substring(0, 199) + "…";
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Campaign> find(UUID id) {
        return campaigns.find(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Campaign> list(String cursor, int limit) {
        String lastKey = Cursors.decode(cursor);
        UUID after = null;
        if (lastKey != null) {
            after = Ids.parseOrNull(lastKey);
            if (after == null) {
                throw Violations.single("cursor", "is not a cursor returned by this list");
            }
        }
        List<Campaign> rows = campaigns.list(after, limit + 1);
        boolean more = rows.size() > limit;
        List<Campaign> items = more ? rows.subList(0, limit) : rows;
        return new Page<>(items, more ? Cursors.encode(items.getLast().id().toString()) : null);
    }

    /** The policy may change only while the campaign is a draft: launched cases follow the rules they started with. */
    public Campaign changePolicy(UUID id, PolicyDocument document) {
        Campaign campaign = locked(id);
        if (campaign.status() != CampaignStatus.DRAFT) {
            throw new DomainError.Refused("the policy can only change while the campaign is DRAFT; it is "
                    + campaign.status());
        }
        Violations violations = new Violations();
        Policy policy = Policy.from(document, "", violations);
        violations.throwIfAny();
        campaigns.updatePolicy(id, policy);
        Campaign changed = new Campaign(campaign.id(), campaign.title(), campaign.description(),
                campaign.dataCategories(), campaign.detectedAt(), campaign.exposureStart(), campaign.exposureEnd(),
                policy, campaign.status(), campaign.createdBy(), campaign.createdAt(), campaign.launchedAt(),
                campaign.closedAt());
        policyChanged.fire(new PolicyChanged(id, changed.highRiskSince(), Times.stored(clock.instant())));
        return changed;
    }

    /** DRAFT → ACTIVE; launching an ACTIVE campaign again changes nothing. */
    public Campaign launch(UUID id) {
        Campaign campaign = locked(id);
        switch (campaign.status()) {
            case ACTIVE -> {
                return campaign;
            }
            case CLOSED -> throw new DomainError.Refused("a CLOSED campaign cannot be launched");
            case DRAFT -> campaigns.markLaunched(id, Times.stored(clock.instant()));
        }
        return campaigns.find(id).orElseThrow();
    }

    /** Closes a campaign whose every case is terminal; closing a CLOSED campaign again changes nothing. */
    public Campaign close(UUID id) {
        Campaign campaign = locked(id);
        if (campaign.status() == CampaignStatus.CLOSED) {
            return campaign;
        }
        long open = campaigns.countOpenCases(id);
        if (open > 0) {
            throw new DomainError.Refused(open + " case(s) are not yet in a terminal state "
                    + "(VERIFIED, ENFORCED or WITHDRAWN)");
        }
        campaigns.markClosed(id, Times.stored(clock.instant()));
        return campaigns.find(id).orElseThrow();
    }

    private Campaign locked(UUID id) {
        return campaigns.lock(id).orElseThrow(() -> new CampaignNotFound(id));
    }

    /** The campaign a path names; an unknown id and one that is not a UUID are both {@link CampaignNotFound}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Campaign require(String pathId) {
        return campaigns.find(campaignId(pathId)).orElseThrow(() -> new CampaignNotFound(pathId));
    }

    /** A path id as a campaign id, without reading the campaign. */
    public static UUID campaignId(String pathId) {
        return Ids.parseOr(pathId, CampaignNotFound::new);
    }
}
