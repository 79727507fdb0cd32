package org.datarecall.casework;

import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.webhook.EnforcementOutcome;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Records the platform's answer to an enforcement call on its case: ENFORCEMENT_CONFIRMED or
 * ENFORCEMENT_FAILED, by the actor {@code platform}. Runs inside the transaction that marks the call, so
 * the mark and the event commit together.
 */
@ApplicationScoped
public class EnforcementAnswers {

    private static final Logger LOG = Logger.getLogger(EnforcementAnswers.class);

    @Inject
    CaseService cases;

    @Inject
    CaseRepository caseRows;

    @Inject
    org.datarecall.campaign.CampaignRepository campaigns;

    void record(@Observes EnforcementOutcome outcome) {
        // Checked before the case service is asked: a refusal inside it would doom the mark's transaction. The
        // campaign's row is locked, so a close cannot commit between this look and the event.
        CaseRecord c = caseRows.find(outcome.caseId()).orElse(null);
        boolean closed = c == null || campaigns.lock(c.campaignId())
                .map(campaign -> campaign.status() == org.datarecall.campaign.CampaignStatus.CLOSED).orElse(true);
        if (closed || c.snapshot().state() != org.datarecall.casework.domain.CaseState.ENFORCED) {
            // A CLOSED campaign takes no more events; the call keeps its answer in dr_webhook_delivery.
            LOG.warnf("the platform's answer to enforcement call %s is not recorded on case %s: its campaign is "
                    + "closed", outcome.callId(), outcome.caseId());
            return;
        }
        cases.apply(outcome.caseId(), new CaseCommand.RecordEnforcementAnswer(outcome.confirmed(), outcome.measure(),
                outcome.status(), outcome.detail(), outcome.callId().toString()), null, "platform");
    }
}
