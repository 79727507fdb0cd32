package org.datarecall.casework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.Durations;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.casework.domain.CaseEvent;
import org.datarecall.casework.domain.CaseEventType;
import org.datarecall.casework.domain.CaseMachine;
import org.datarecall.casework.domain.CaseSnapshot;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.Decision;
import org.datarecall.notice.MailCase;
import org.datarecall.notice.MailComposer;
import org.datarecall.notice.MailFacts;
import org.datarecall.notice.NoticeDraft;
import org.datarecall.notice.NoticeKind;
import org.datarecall.portal.DeveloperLinks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a command on a case into everything that follows from it: the state machine's decision,
 * the case's new timers, a new developer link when a round opens, and the mails. Staff actions,
 * the developer portal and the sweep all plan through here, so a transition always brings the same mail.
 */
@ApplicationScoped
public class TransitionPlanner {

    /** Either a plan or the state machine's refusal. */
    public sealed interface Outcome {
    }

    public record Planned(PlannedTransition plan) implements Outcome {
    }

    public record Refused(Decision.Rejected rejection) implements Outcome {
    }

    @Inject
    MailComposer mail;

    @Inject
    DeveloperLinks links;

    public Outcome plan(Campaign campaign, CaseRecord c, CaseCommand command, String actor, Instant now) {
        Decision decision = CaseMachine.decide(c.snapshot(), command, campaign.policy().roundRules(), now);
        if (decision instanceof Decision.Rejected rejected) {
            return new Refused(rejected);
        }
        Decision.Accepted accepted = (Decision.Accepted) decision;
        CaseEvent event = accepted.event();
        CaseSnapshot next = accepted.next();
        DeveloperLinks.Link link = opensRound(c.snapshot(), next) ? links.issue(c.id(), next.round(), now) : null;
        CaseTimers timers = CaseTimers.after(c.snapshot(), c.timers(), event, next, campaign.policy(), now,
                link == null ? null : link.id());
        List<NoticeDraft> notices = mails(campaign, c, event, next, timers.linkTokenId(), now);
        return new Planned(new PlannedTransition(new CaseTransition(c, event, next, timers, actor, now), notices,
                link));
    }

    /** A round opens when the case enters DELETION_REQUESTED with a new round number. */
    static boolean opensRound(CaseSnapshot before, CaseSnapshot next) {
        return next.state() == CaseState.DELETION_REQUESTED && next.round() != before.round();
    }

    private List<NoticeDraft> mails(Campaign campaign, CaseRecord c, CaseEvent event, CaseSnapshot next, UUID link,
            Instant now) {
        List<NoticeDraft> notices = new ArrayList<>();
        MailCase to = mailCase(c);
        MailFacts facts = MailFacts.of(next.round(), next.dueAt());
        String reason = (String) event.data().get("reason");
        String findings = (String) event.data().get("findings");
        switch (event.type()) {
            case NOTIFIED -> notices.add(mail.compose(NoticeKind.REVOCATION_NOTICE, campaign, to, facts, link, now));
            case DELETION_REQUESTED, DEADLINE_EXTENDED ->
                notices.add(mail.compose(NoticeKind.DELETION_REQUEST, campaign, to, facts, link, now));
            case ATTESTATION_REJECTED, AUDIT_FAILED -> {
                MailFacts why = facts.because(reason).found(findings);
                notices.add(next.state() == CaseState.ESCALATED
                        ? escalation(campaign, to, why, now)
                        : mail.compose(NoticeKind.DELETION_REQUEST, campaign, to, why, link, now));
            }
            case REMINDER_SENT -> {
                long offset = ((Number) event.data().get("offsetSeconds")).longValue();
                NoticeDraft reminder = mail.compose(NoticeKind.REMINDER, campaign, to,
                        facts.reminding((String) event.data().get("offset"), next.isOverdue(now)), link, now);
                notices.add(withDedupeKey(reminder, "REMINDER:" + c.id() + ":" + next.round() + ":" + offset));
            }
            case ESCALATED -> notices.add(escalation(campaign, to, facts.because(reason), now));
            case WITHDRAWN -> {
                if (event.fromState() != CaseState.PENDING) {
                    notices.add(mail.compose(NoticeKind.WITHDRAWAL_NOTICE, campaign, to, facts, null, now));
                }
            }
            case ATTESTATION_RECEIVED -> notices.add(mail.compose(NoticeKind.ATTESTATION_RECEIPT, campaign, to,
                    facts.receipt((String) event.data().get("attestationId"), (String) event.data().get("sha256")),
                    link, now));
            case AUDIT_REQUESTED -> notices.add(mail.compose(NoticeKind.AUDIT_NOTICE, campaign, to, facts, null, now));
            case AUDIT_PASSED -> notices.add(mail.compose(NoticeKind.AUDIT_RESULT, campaign, to, facts, null, now));
            default -> {
                // CASE_OPENED, DEVELOPER_UPDATED, ENFORCED, VERIFIED and NOTICE_RESENT
                // send nothing of their own here; a resent notice is a copy made by the case service.
            }
        }
        notices.removeIf(n -> n.to().isEmpty());
        return notices;
    }

    private NoticeDraft escalation(Campaign campaign, MailCase to, MailFacts facts, Instant now) {
        return mail.compose(NoticeKind.ESCALATION, campaign, to, facts, null, now);
    }

    /** The case as its mails speak of it. */
    private static MailCase mailCase(CaseRecord c) {
        Developer d = c.developer();
        return new MailCase(c.id(), d.developerId(), d.name(), d.email(), d.ccEmails(), d.appIds(),
                c.riskTier().name());
    }

    private static NoticeDraft withDedupeKey(NoticeDraft d, String key) {
        return new NoticeDraft(d.id(), d.campaignId(), d.caseId(), d.kind(), d.round(), key, d.to(), d.cc(),
                d.subject(), d.bodyText(), d.bodyHtml(), d.linkTokenId(), d.messageId(), d.createdAt());
    }

    /** How a reminder's offset is written in events and mails. */
    public static String label(java.time.Duration offset) {
        return Durations.format(offset);
    }
}
