package org.datarecall.casework;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.notice.MailComposer;
import org.datarecall.notice.NoticeDraft;
import org.datarecall.notice.Outbox;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.jdbc.Ids;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Plans what staff ask of a case, one case at a time or in a bulk job's batch. Not transactional of its
 * own accord: a refusal is an exception to its caller, and must not doom the caller's transaction (a
 * bulk batch goes on with the next case).
 */
@ApplicationScoped
public class StaffCommandPlanner {

    @Inject
    TransitionPlanner planner;

    @Inject
    Outbox outbox;

    @Inject
    MailComposer mail;

    /**
     * Plans a command on a case its caller has locked, through every check a single action has after
     * the version: the campaign open, an address change that changes something, the state machine, and
     * the mail a re-send or an address change sends again. A refusal is thrown as a {@link DomainError}.
     */
    public PlannedTransition plan(Campaign campaign, CaseRecord current, CaseCommand command, String actor,
            Instant now) {
        if (campaign.status() == CampaignStatus.CLOSED) {
            throw new DomainError.Refused("the campaign is CLOSED; its cases no longer change");
        }
        if (command instanceof CaseCommand.Assign given) {
            // "me" is the one asking (a bulk job's: whoever asked for it).
            CaseCommand.Assign a = new CaseCommand.Assign("me".equals(given.owner()) ? actor : given.owner(), null)
                    .from(current.owner());
            if (java.util.Objects.equals(a.owner(), current.owner())) {
                throw new DomainError.Refused(a.owner() == null ? "the case has no owner; nothing would change"
                        : "the case is already with " + a.owner() + "; nothing would change");
            }
            command = a;
        }
        if (command instanceof CaseCommand.UpdateContact u) {
            command = u = u.keepingCc(current.developer().ccEmails());
            if (u.email().equalsIgnoreCase(current.developer().email())
                    && u.ccEmails().equals(current.developer().ccEmails())) {
                throw new DomainError.Refused("the case already has these addresses; nothing would change");
            }
        }
        return switch (planner.plan(campaign, current, command, actor, now)) {
            case TransitionPlanner.Refused refused -> throw new TransitionRefused(refused.rejection());
            case TransitionPlanner.Planned planned -> {
                PlannedTransition plan = planned.plan();
                if (command instanceof CaseCommand.ResendNotice) {
                    plan = withResentCopy(plan, current, current.developer().email(), current.developer().ccEmails(),
                            now).orElseThrow(() -> new DomainError.Refused("the developer has not been sent any mail yet"));
                } else if (command instanceof CaseCommand.UpdateContact u
                        && !outbox.latestDeveloperNoticeQueued(current.id())) {
                    // Before the first notice there is nothing to send again: the first mail goes to the new
                    // address. Nor when the latest mail is still waiting: it is moved to the new address.
                    plan = withResentCopy(plan, current, u.email(), u.ccEmails(), now).orElse(plan);
                }
                yield plan;
            }
        };
    }

    /**
     * The latest mail the developer got, again, to the given addresses: same words, the case's current
     * link when the mail had one (an extension may have replaced it), a new notice of its own. Empty
     * when the developer has had no mail yet.
     */
    private Optional<PlannedTransition> withResentCopy(PlannedTransition plan, CaseRecord c, String to,
            List<String> cc, Instant now) {
        return outbox.latestDeveloperNotice(c.id()).map(latest -> {
            UUID id = Ids.newId(now);
            NoticeDraft copy = new NoticeDraft(id, latest.campaignId(), c.id(), latest.kind(), latest.round(), null,
                    List.of(to), cc, latest.subject(), latest.bodyText(), latest.bodyHtml(),
                    latest.linkTokenId() == null ? null : c.timers().linkTokenId(), mail.messageId(id), now);
            return new PlannedTransition(plan.transition(), List.of(copy), plan.newLink());
        });
    }
}
