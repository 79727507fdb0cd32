package org.datarecall.casework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.casework.domain.CaseEvent.AttestationReceived;
import org.datarecall.casework.domain.CaseEvent.AttestationRejected;
import org.datarecall.casework.domain.CaseEvent.AuditFailed;
import org.datarecall.casework.domain.CaseEvent.AuditPassed;
import org.datarecall.casework.domain.CaseEvent.AuditRequested;
import org.datarecall.casework.domain.CaseEvent.CaseOpened;
import org.datarecall.casework.domain.CaseEvent.DeadlineExtended;
import org.datarecall.casework.domain.CaseEvent.DeletionRequested;
import org.datarecall.casework.domain.CaseEvent.DeveloperUpdated;
import org.datarecall.casework.domain.CaseEvent.Enforced;
import org.datarecall.casework.domain.CaseEvent.Escalated;
import org.datarecall.casework.domain.CaseEvent.NoticeResent;
import org.datarecall.casework.domain.CaseEvent.Notified;
import org.datarecall.casework.domain.CaseEvent.ReminderSent;
import org.datarecall.casework.domain.CaseEvent.Verified;
import org.datarecall.casework.domain.CaseEvent.Withdrawn;
import org.datarecall.casework.domain.CaseEvent;
import org.datarecall.casework.domain.CaseMachine;
import org.datarecall.casework.domain.CaseSnapshot;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.CaseTimers;
import org.datarecall.casework.domain.Decision;
import org.datarecall.casework.domain.RoundRules;
import org.datarecall.link.DeveloperLinks;
import org.datarecall.notice.MailCase;
import org.datarecall.notice.MailComposer;
import org.datarecall.notice.MailFacts;
import org.datarecall.notice.NoticeDraft;
import org.datarecall.notice.NoticeKind;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a command on a case into everything that follows from it: the state machine's decision,
 * the case's new timers, a new developer link when a round opens or a deadline moves, and the mails. Staff actions,
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
        RoundRules rules = campaign.policy().roundRules(c.riskTier());
        Decision decision = CaseMachine.decide(c.snapshot(), command, rules, now);
        if (decision instanceof Decision.Rejected rejected) {
            return new Refused(rejected);
        }
        Decision.Accepted accepted = (Decision.Accepted) decision;
        CaseEvent event = accepted.event();
        CaseSnapshot next = accepted.next();
        DeveloperLinks.Link link = newLink(c.id(), c.snapshot(), event, next, now);
        // A delegate's link is not the case's: the contacts' mail keeps carrying theirs.
        CaseTimers timers = CaseTimers.after(c.snapshot(), c.timers(), event, next, rules, now,
                link == null || link.delegate() ? null : link.id());
        List<NoticeDraft> notices = event instanceof CaseEvent.Delegated d
                ? delegation(campaign, c, d, facts(next), link.id(), now)
                : mails(campaign, c, event, next, timers.linkTokenId(), now);
        return new Planned(new PlannedTransition(new CaseTransition(c, event, next, timers, actor, now), notices,
                link));
    }

    /**
     * A round that opens gets its link; so does a new deadline, which may outlive the link the
     * developer holds (links expire after {@code datarecall.token.ttl}). The new link replaces the earlier.
     */
    private DeveloperLinks.Link newLink(UUID caseId, CaseSnapshot before, CaseEvent event, CaseSnapshot next,
            Instant now) {
        if (opensRound(before, next)) {
            return links.issue(caseId, next.round(), now);
        }
        if (event instanceof CaseEvent.Delegated) {
            return links.delegate(caseId, next.round(), now);
        }
        // A request for evidence may come after the round's link expired: it brings one that works.
        return event instanceof DeadlineExtended || event instanceof CaseEvent.EvidenceRequested
                ? links.reissue(caseId, next.round(), now) : null;
    }

    /** A round opens when the case enters DELETION_REQUESTED with a new round number. */
    static boolean opensRound(CaseSnapshot before, CaseSnapshot next) {
        return next.state() == CaseState.DELETION_REQUESTED && next.round() != before.round();
    }

    private List<NoticeDraft> mails(Campaign campaign, CaseRecord c, CaseEvent event, CaseSnapshot next, UUID link,
            Instant now) {
        List<NoticeDraft> notices = new ArrayList<>();
        MailCase to = mailCase(c);
        MailFacts facts = facts(next);
        switch (event) {
            case Notified n -> notices.add(mail.compose(NoticeKind.REVOCATION_NOTICE, campaign, to, facts, link, now));
            case DeletionRequested r -> notices.add(mail.compose(NoticeKind.DELETION_REQUEST, campaign, to, facts, link, now));
            case DeadlineExtended x -> notices.add(mail.compose(NoticeKind.DELETION_REQUEST, campaign, to, facts, link, now));
            case AttestationRejected r -> notices.add(roundEnded(campaign, to, next, facts.because(r.reason()), link, now));
            case AuditFailed f -> notices.add(roundEnded(campaign, to, next, facts.found(f.findings()), link, now));
            case ReminderSent r -> {
                NoticeDraft reminder = mail.compose(NoticeKind.REMINDER, campaign, to,
                        facts.reminding(r.offset(), next.isOverdue(now)), link, now);
                notices.add(withDedupeKey(reminder,
                        "REMINDER:" + c.id() + ":" + next.round() + ":" + r.offsetSeconds()));
            }
            case Escalated e -> notices.add(escalation(campaign, to, facts.because(e.reason()), now));
            case Withdrawn w -> {
                if (w.fromState() != CaseState.PENDING) {
                    notices.add(mail.compose(NoticeKind.WITHDRAWAL_NOTICE, campaign, to, facts, null, now));
                }
            }
            case AttestationReceived a -> notices.add(mail.compose(NoticeKind.ATTESTATION_RECEIPT, campaign, to,
                    facts.receipt(a.attestationId(), a.sha256()), link, now));
            case AuditRequested a -> notices.add(mail.compose(NoticeKind.AUDIT_NOTICE, campaign, to, facts, null, now));
            case AuditPassed a -> notices.add(mail.compose(NoticeKind.AUDIT_RESULT, campaign, to, facts, null, now));
            // A resent notice is a copy made by the case service; the others send nothing of their own.
            case CaseOpened o -> { }
            case DeveloperUpdated u -> { }
            case Enforced e -> { }
            case Verified v -> { }
            case NoticeResent r -> { }
            // The case service sends the latest mail again, to the new address.
            case CaseEvent.ContactUpdated u -> { }
            case CaseEvent.Delegated d -> throw new IllegalArgumentException("a delegation's mails are its own");
            case CaseEvent.AccessRevoked r -> { }
            case CaseEvent.NoticeBounced b -> { }
            case CaseEvent.FindingRecorded f -> { }
            // Staff's own record: nothing goes to the developer.
            case CaseEvent.NoteAdded n -> { }
            case CaseEvent.OwnerAssigned o -> { }
            // The round's deadline is over once attested: the request states what is asked, not a deadline.
            case CaseEvent.EvidenceRequested e -> notices.add(mail.compose(NoticeKind.EVIDENCE_REQUEST, campaign, to,
                    MailFacts.of(next.round(), null).because(e.reason()), link, now));
            // The developer's own answer: the portal shows what was received, with each file's digest.
            case CaseEvent.EvidenceSupplied s -> { }
            // The platform's own answer: recorded, not mailed.
            case CaseEvent.EnforcementAnswered a -> { }
        }
        notices.removeIf(n -> n.to().isEmpty());
        return notices;
    }

    private static MailFacts facts(CaseSnapshot next) {
        return MailFacts.of(next.round(), next.dueAt());
    }

    /**
     * A delegation's two mails: the delegate gets the request with a link of its own, the contacts a
     * confirmation of whom they handed it to (with no link: theirs now only shows the case).
     */
    private List<NoticeDraft> delegation(Campaign campaign, CaseRecord c, CaseEvent.Delegated d, MailFacts facts,
            UUID delegateLink, Instant now) {
        MailCase contacts = mailCase(c);
        MailCase delegate = new MailCase(c.id(), contacts.developerId(), contacts.name(), d.email(), List.of(),
                contacts.appIds(), contacts.riskTier(), contacts.onwardFrom(), contacts.language());
        MailFacts handed = facts.delegated(d.name(), d.email(), d.from()).because(d.reason());
        return List.of(mail.compose(NoticeKind.DELEGATION_NOTICE, campaign, delegate, handed, delegateLink, now),
                mail.compose(NoticeKind.DELEGATION_CONFIRMATION, campaign, contacts, handed, null, now));
    }

    /** After a rejection: the next round's request, or the escalation when the rounds are used up. */
    private NoticeDraft roundEnded(Campaign campaign, MailCase to, CaseSnapshot next, MailFacts why, UUID link,
            Instant now) {
        return next.state() == CaseState.ESCALATED
                ? escalation(campaign, to, why, now)
                : mail.compose(NoticeKind.DELETION_REQUEST, campaign, to, why, link, now);
    }

    private NoticeDraft escalation(Campaign campaign, MailCase to, MailFacts facts, Instant now) {
        return mail.compose(NoticeKind.ESCALATION, campaign, to, facts, null, now);
    }

    /** The case as its mails speak of it. */
    public static MailCase mailCase(CaseRecord c) {
        Developer d = c.developer();
        return new MailCase(c.id(), d.developerId(), d.name(), d.email(), d.ccEmails(), d.appIds(),
                c.riskTier().name(), c.onwardFrom(), d.language());
    }

    private static NoticeDraft withDedupeKey(NoticeDraft d, String key) {
        return new NoticeDraft(d.id(), d.campaignId(), d.caseId(), d.kind(), d.round(), key, d.to(), d.cc(),
                d.subject(), d.bodyText(), d.bodyHtml(), d.linkTokenId(), d.messageId(), d.createdAt());
    }
}
