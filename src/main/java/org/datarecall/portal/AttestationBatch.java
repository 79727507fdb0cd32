package org.datarecall.portal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.PlannedTransition;
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
 * Takes a group of attestations in one transaction: locks their cases (in id order, so groups
 * written at once, here or on other replicas, never deadlock), checks each submission against its
 * locked case, stores the accepted ones immutably and moves their cases to ATTESTED with a receipt
 * mail. A submission refused for its own reasons (a bad field, a round already attested, a link
 * replaced) is answered with its problem and does not hold back the others.
 */
@ApplicationScoped
public class AttestationBatch {

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

    /** One developer's submission through its link. */
    public record Submission(LinkStore.ValidLink link, AttestationRequest request,
            AttestationService.Origin origin) {
    }

    /** The answer to one submission: the stored attestation, or why it was refused. */
    public record Outcome(Attestation accepted, ProblemException refused) {
    }

    /** Answers one outcome per submission, in order. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Outcome> write(List<Submission> group) {
        Map<UUID, CaseRecord> locked = cases.lockAll(group.stream().map(s -> s.link().caseId()).toList());
        Map<UUID, Campaign> campaignsById = new HashMap<>();
        Map<UUID, Attestation> acceptedByCase = new HashMap<>();
        Instant now = Times.stored(clock.instant());
        List<Outcome> outcomes = new ArrayList<>(group.size());
        List<Attestation> accepted = new ArrayList<>();
        List<PlannedTransition> plans = new ArrayList<>();
        for (Submission s : group) {
            CaseRecord c = locked.get(s.link().caseId());
            if (c == null) {
                outcomes.add(new Outcome(null, PortalAccess.invalidLink()));
                continue;
            }
            Campaign campaign = campaignsById.computeIfAbsent(c.campaignId(), id -> campaigns.find(id).orElseThrow());
            try {
                Attestation a = accept(s, c, campaign, acceptedByCase.get(c.id()), now);
                PlannedTransition plan = plan(c, campaign, a, now);
                accepted.add(a);
                plans.add(plan);
                acceptedByCase.put(c.id(), a);
                outcomes.add(new Outcome(a, null));
            } catch (ProblemException refused) {
                outcomes.add(new Outcome(null, refused));
            }
        }
        attestations.insert(accepted);
        store.store(plans);
        return outcomes;
    }

    /** The attestation this submission makes, if its case takes it now; {@code earlier}: one this group took. */
    private Attestation accept(Submission s, CaseRecord c, Campaign campaign, Attestation earlier, Instant now) {
        LinkStore.ValidLink link = s.link();
        if (link.round() != c.snapshot().round()) {
            throw ProblemException.conflict("a newer request replaced this link; use the link in the latest mail");
        }
        if (earlier != null || !acceptsAttestation(c, campaign)) {
            Optional<Attestation> received = earlier != null ? Optional.of(earlier)
                    : attestations.forRound(c.id(), link.round());
            throw ProblemException.conflict(received.isPresent()
                    ? "an attestation for this round was already received at " + received.get().receivedAt()
                    : "this case no longer takes attestations");
        }
        Statement statement = new AttestationCheck(campaign, now).check(s.request());
        return Attestation.of(Ids.newId(now), c.id(), campaign.id(), link.round(), link.id(), now,
                c.snapshot().state() == CaseState.ESCALATED, statement, clip(s.origin().clientIp(), 100),
                clip(s.origin().userAgent(), 500));
    }

    private PlannedTransition plan(CaseRecord c, Campaign campaign, Attestation a, Instant now) {
        CaseCommand submit = new CaseCommand.SubmitAttestation(a.id().toString(), a.sha256());
        return switch (planner.plan(campaign, c, submit, "developer:" + c.developer().developerId(), now)) {
            case TransitionPlanner.Planned planned -> planned.plan();
            case TransitionPlanner.Refused refused -> throw ProblemException.conflict("this case no longer takes "
                    + "attestations");
        };
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
