package org.datarecall.sweep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.audit.AuditSelection;
import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.Durations;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.CaseTimers;
import org.datarecall.casework.PlannedTransition;
import org.datarecall.casework.TransitionPlanner;
import org.datarecall.casework.TransitionStore;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.platform.DatabaseException;
import org.datarecall.platform.SqlValues;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * One batch of one stage, in its own transaction: claim due cases with {@code FOR UPDATE SKIP LOCKED}
 * (so replicas running at once take disjoint cases, and a claimed case is re-checked against the
 * condition after any concurrent change), plan each through the state machine, store all at once.
 * A crash before the commit leaves the cases due; nothing is half done.
 */
@ApplicationScoped
public class SweepBatch {

    private static final Logger LOG = Logger.getLogger(SweepBatch.class);
    private static final String SYSTEM = "system:sweep";

    @Inject
    DataSource dataSource;

    @Inject
    CampaignRepository campaigns;

    @Inject
    TransitionPlanner planner;

    @Inject
    TransitionStore store;

    /** Active campaigns, newest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Campaign> activeCampaigns() {
        return campaigns.active();
    }

    /** Runs one batch; answers how many cases were claimed (a full batch means there may be more). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int run(SweepStage stage, Campaign scope, Instant now, int limit) {
        List<CaseRecord> claimed = claim(stage, scope, now, limit);
        Map<UUID, Campaign> byId = new HashMap<>();
        if (scope != null) {
            byId.put(scope.id(), scope);
        }
        List<PlannedTransition> plans = new ArrayList<>(claimed.size());
        for (CaseRecord c : claimed) {
            Campaign campaign = byId.computeIfAbsent(c.campaignId(), id -> campaigns.find(id).orElseThrow());
            CaseCommand command = command(stage, c, campaign, now);
            if (command == null) {
                continue;
            }
            switch (planner.plan(campaign, c, command, SYSTEM, now)) {
                case TransitionPlanner.Planned planned -> plans.add(planned.plan());
                case TransitionPlanner.Refused refused ->
                    LOG.warnf("sweep %s refused on case %s: %s", stage, c.id(), refused.rejection().reason());
            }
        }
        store.store(plans);
        return claimed.size();
    }

    private static CaseCommand command(SweepStage stage, CaseRecord c, Campaign campaign, Instant now) {
        return switch (stage) {
            case NOTIFY -> new CaseCommand.Notify();
            case REQUEST -> new CaseCommand.RequestDeletion();
            case ESCALATE -> new CaseCommand.Escalate("no attestation " + Durations.format(
                    campaign.policy().escalateAfter()) + " after the deadline");
            case REMIND -> {
                Duration offset = CaseTimers.dueReminder(c.snapshot().dueAt(), c.timers().remindedOffsetSeconds(),
                        campaign.policy().reminderOffsets(), now);
                yield offset == null ? null : new CaseCommand.Remind(offset, Durations.format(offset));
            }
            case ROUTE -> {
                AuditSelection.Selection selection = AuditSelection.decide(campaign.policy(), campaign.id(), c.id(),
                        c.riskTier());
                yield new CaseCommand.RouteAttestation(selection.audit(), selection.rule());
            }
        };
    }

    private List<CaseRecord> claim(SweepStage stage, Campaign scope, Instant now, int limit) {
        String where = switch (stage) {
            case NOTIFY -> "campaign_id = ? AND state = 'PENDING'";
            case REQUEST -> "campaign_id = ? AND state = 'NOTIFIED' AND state_since <= ?";
            case ESCALATE -> "state = 'DELETION_REQUESTED' AND escalate_at <= ?";
            case REMIND -> "state = 'DELETION_REQUESTED' AND next_reminder_at <= ?";
            case ROUTE -> "state = 'ATTESTED' AND state_since <= ?";
        };
        String sql = "SELECT " + CaseRepository.COLUMNS + " FROM dr_case WHERE " + where
                + " LIMIT ? FOR UPDATE SKIP LOCKED";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            int i = 1;
            switch (stage) {
                case NOTIFY -> ps.setObject(i++, scope.id());
                case REQUEST -> {
                    ps.setObject(i++, scope.id());
                    SqlValues.setInstant(ps, i++, now.minus(scope.policy().deletionRequestDelay()));
                }
                case ESCALATE, REMIND, ROUTE -> SqlValues.setInstant(ps, i++, now);
            }
            ps.setInt(i, limit);
            List<CaseRecord> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(CaseRepository.map(rs));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
