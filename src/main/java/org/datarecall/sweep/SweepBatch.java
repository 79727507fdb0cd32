package org.datarecall.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.access.FindingCheck;
import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.Durations;
import org.datarecall.casework.AccessFactsQuery;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.CaseWriter;
import org.datarecall.casework.DueWork;
import org.datarecall.casework.PlannedTransition;
import org.datarecall.casework.TransitionPlanner;
import org.datarecall.casework.TransitionStore;
import org.datarecall.casework.domain.AuditSelection;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.casework.domain.CaseTimers;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * One batch of one stage, in its own transaction: claim due cases (replicas running at once take
 * disjoint cases), plan each through the state machine, store all at once. A crash before the
 * commit leaves the cases due; nothing is half done. A case that cannot be moved is passed over:
 * the run leaves it out of its later batches, so it can never fill a batch again.
 */
@ApplicationScoped
public class SweepBatch {

    private static final Logger LOG = Logger.getLogger(SweepBatch.class);
    private static final String SYSTEM = "system:sweep";

    /** What a batch did: how many cases it claimed, how many it moved, and which it could not move. */
    public record Result(int claimed, int moved, List<UUID> passedOver) {
    }

    @Inject
    CampaignRepository campaigns;

    @Inject
    CaseRepository cases;

    @Inject
    CaseWriter writer;

    @Inject
    TransitionPlanner planner;

    @Inject
    TransitionStore store;

    @Inject
    FindingCheck findingCheck;

    @Inject
    AccessFactsQuery access;

    /** Active campaigns, newest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Campaign> activeCampaigns() {
        return campaigns.active();
    }

    /** Runs one batch, leaving out the cases earlier batches of the run passed over. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Result run(SweepStage stage, Campaign scope, Instant now, int limit, Collection<UUID> passedOver) {
        List<CaseRecord> claimed = cases.claim(due(stage, scope, now), passedOver, limit);
        Map<UUID, Campaign> byId = new HashMap<>();
        if (scope != null) {
            byId.put(scope.id(), scope);
        }
        Map<UUID, List<String>> findingsOf = Map.of();
        if (stage == SweepStage.ROUTE && !claimed.isEmpty()) {
            findingsOf = findings(claimed, byId, now);
            // The check may have appended FINDING events to these (locked) cases: plan from their new heads.
            Map<UUID, CaseRecord> fresh = cases.lockAll(claimed.stream().map(CaseRecord::id).toList());
            claimed = claimed.stream().map(c -> fresh.getOrDefault(c.id(), c)).toList();
        }
        List<PlannedTransition> plans = new ArrayList<>(claimed.size());
        List<UUID> skipped = new ArrayList<>();
        Map<UUID, Instant> nextReminders = new LinkedHashMap<>();
        for (CaseRecord c : claimed) {
            Campaign campaign = byId.computeIfAbsent(c.campaignId(), id -> campaigns.find(id).orElseThrow());
            try {
                CaseCommand command = command(stage, c, campaign, findingsOf.get(c.id()), now);
                if (command == null) {
                    // A reminder timer with no reminder due behind it: set it to the next one, so the
                    // case is not due again until then.
                    nextReminders.put(c.id(), CaseTimers.nextReminder(c.snapshot().dueAt(),
                            c.timers().remindedOffsetSeconds(),
                            campaign.policy().roundRules(c.riskTier()).reminderOffsets(),
                            c.timers().stateSince()));
                    continue;
                }
                switch (planner.plan(campaign, c, command, SYSTEM, now)) {
                    case TransitionPlanner.Planned planned -> plans.add(planned.plan());
                    case TransitionPlanner.Refused refused -> {
                        LOG.warnf("sweep %s refused on case %s: %s", stage, c.id(), refused.rejection().reason());
                        skipped.add(c.id());
                    }
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "sweep %s could not plan case %s; it is passed over in this run", stage, c.id());
                skipped.add(c.id());
            }
        }
        store.store(plans);
        writer.rescheduleReminders(nextReminders);
        return new Result(claimed.size(), plans.size(), skipped);
    }

    private static DueWork due(SweepStage stage, Campaign scope, Instant now) {
        return switch (stage) {
            case NOTIFY -> new DueWork.Pending(scope.id());
            case REQUEST -> new DueWork.NotifiedBy(scope.id(), now.minus(scope.policy().deletionRequestDelay()));
            case ESCALATE -> new DueWork.EscalationDue(now);
            case REMIND -> new DueWork.ReminderDue(now);
            case ROUTE -> new DueWork.AttestedBy(now);
        };
    }

    /**
     * Before attested cases are routed, the platform's records are checked against what they attested,
     * so a case with a finding is audited whatever its draw. Answers the findings of each case that has any.
     */
    private Map<UUID, List<String>> findings(List<CaseRecord> claimed, Map<UUID, Campaign> byId, Instant now) {
        Map<UUID, List<UUID>> byCampaign = new LinkedHashMap<>();
        for (CaseRecord c : claimed) {
            byId.computeIfAbsent(c.campaignId(), id -> campaigns.find(id).orElseThrow());
            byCampaign.computeIfAbsent(c.campaignId(), id -> new ArrayList<>()).add(c.id());
        }
        byCampaign.forEach((campaignId, ids) -> findingCheck.check(byId.get(campaignId), ids, SYSTEM, now));
        return access.findingKinds(claimed.stream().map(CaseRecord::id).toList());
    }

    private static CaseCommand command(SweepStage stage, CaseRecord c, Campaign campaign, List<String> findings,
            Instant now) {
        return switch (stage) {
            case NOTIFY -> new CaseCommand.Notify();
            case REQUEST -> new CaseCommand.RequestDeletion();
            case ESCALATE -> new CaseCommand.Escalate("no attestation " + Durations.format(
                    campaign.policy().roundRules(c.riskTier()).escalateAfter()) + " after the deadline");
            case REMIND -> {
                Duration offset = CaseTimers.dueReminder(c.snapshot().dueAt(), c.timers().remindedOffsetSeconds(),
                        campaign.policy().roundRules(c.riskTier()).reminderOffsets(), now);
                yield offset == null ? null : new CaseCommand.Remind(offset, Durations.format(offset));
            }
            case ROUTE -> {
                if (findings != null && !findings.isEmpty()) {
                    yield new CaseCommand.RouteAttestation(true, "finding " + String.join(", ", findings)
                            + " is always audited");
                }
                AuditSelection.Selection selection = AuditSelection.decide(campaign.policy().auditRule(c.riskTier()),
                        campaign.id(), c.id(), c.riskTier());
                yield new CaseCommand.RouteAttestation(selection.audit(), selection.rule());
            }
        };
    }
}
