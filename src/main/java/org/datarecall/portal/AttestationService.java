package org.datarecall.portal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.TransitionPlanner;
import org.datarecall.casework.TransitionStore;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.platform.Ids;
import org.datarecall.platform.ProblemException;
import org.datarecall.platform.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Takes a developer's attestation: under the case's row lock, checks that this round still takes
 * one, checks the statement, stores it immutably and moves the case to ATTESTED with a receipt
 * mail — all in one transaction, so two racing submissions cannot both win.
 */
@ApplicationScoped
public class AttestationService {

    @Inject
    CaseRepository cases;

    @Inject
    CampaignRepository campaigns;

    @Inject
    TransitionPlanner planner;

    @Inject
    TransitionStore store;

    @Inject
    AttestationStore attestations;

    @Inject
    Clock clock;

    /** Where the request came from, kept with the attestation. */
    public record Origin(String clientIp, String userAgent) {
    }

    @Transactional
    public Attestation submit(LinkStore.ValidLink link, AttestationRequest request, Origin origin) {
        CaseRecord c = cases.lock(link.caseId()).orElseThrow(PortalAccess::invalidLink);
        Campaign campaign = campaigns.find(c.campaignId()).orElseThrow();
        Instant now = Times.stored(clock.instant());
        if (link.round() != c.snapshot().round()) {
            throw ProblemException.conflict("a newer request replaced this link; use the link in the latest mail");
        }
        if (!acceptsAttestation(c, campaign)) {
            Optional<Attestation> earlier = attestations.forRound(c.id(), link.round());
            throw ProblemException.conflict(earlier.isPresent()
                    ? "an attestation for this round was already received at " + earlier.get().receivedAt()
                    : "this case no longer takes attestations");
        }
        Statement statement = new AttestationCheck(campaign, now).check(request);
        Attestation a = Attestation.of(Ids.newId(now), c.id(), campaign.id(), link.round(), link.id(), now,
                c.snapshot().state() == CaseState.ESCALATED, statement, clip(origin.clientIp(), 100),
                clip(origin.userAgent(), 500));
        attestations.insert(a);
        CaseCommand submit = new CaseCommand.SubmitAttestation(a.id().toString(), a.sha256());
        switch (planner.plan(campaign, c, submit, "developer:" + c.developer().developerId(), now)) {
            case TransitionPlanner.Planned planned -> store.store(List.of(planned.plan()));
            case TransitionPlanner.Refused refused -> throw ProblemException.conflict("this case no longer takes "
                    + "attestations");
        }
        return a;
    }

    public static boolean acceptsAttestation(CaseRecord c, Campaign campaign) {
        CaseState state = c.snapshot().state();
        return campaign.status() == CampaignStatus.ACTIVE
                && (state == CaseState.DELETION_REQUESTED || state == CaseState.ESCALATED);
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() > max ? text.substring(0, max) : text;
    }
}
