package org.datarecall.casework.domain;

import static org.datarecall.casework.domain.CaseState.ATTESTED;
import static org.datarecall.casework.domain.CaseState.AUDIT_PENDING;
import static org.datarecall.casework.domain.CaseState.DELETION_REQUESTED;
import static org.datarecall.casework.domain.CaseState.ESCALATED;
import static org.datarecall.casework.domain.CaseState.NOTIFIED;
import static org.datarecall.casework.domain.CaseState.PENDING;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.datarecall.casework.domain.CaseCommand.AddNote;
import org.datarecall.casework.domain.CaseCommand.Assign;
import org.datarecall.casework.domain.CaseCommand.Delegate;
import org.datarecall.casework.domain.CaseCommand.Enforce;
import org.datarecall.casework.domain.CaseCommand.Escalate;
import org.datarecall.casework.domain.CaseCommand.Extend;
import org.datarecall.casework.domain.CaseCommand.Notify;
import org.datarecall.casework.domain.CaseCommand.RecordAudit;
import org.datarecall.casework.domain.CaseCommand.RejectAttestation;
import org.datarecall.casework.domain.CaseCommand.Remind;
import org.datarecall.casework.domain.CaseCommand.RequestDeletion;
import org.datarecall.casework.domain.CaseCommand.ResendNotice;
import org.datarecall.casework.domain.CaseCommand.RouteAttestation;
import org.datarecall.casework.domain.CaseCommand.StaffCommand;
import org.datarecall.casework.domain.CaseCommand.SubmitAttestation;
import org.datarecall.casework.domain.CaseCommand.UpdateContact;
import org.datarecall.casework.domain.CaseCommand.Withdraw;
import org.datarecall.casework.domain.CaseEvent.AttestationReceived;
import org.datarecall.casework.domain.CaseEvent.AttestationRejected;
import org.datarecall.casework.domain.CaseEvent.AuditFailed;
import org.datarecall.casework.domain.CaseEvent.AuditPassed;
import org.datarecall.casework.domain.CaseEvent.AuditRequested;
import org.datarecall.casework.domain.CaseEvent.CaseOpened;
import org.datarecall.casework.domain.CaseEvent.ContactUpdated;
import org.datarecall.casework.domain.CaseEvent.DeadlineExtended;
import org.datarecall.casework.domain.CaseEvent.Delegated;
import org.datarecall.casework.domain.CaseEvent.DeletionRequested;
import org.datarecall.casework.domain.CaseEvent.Enforced;
import org.datarecall.casework.domain.CaseEvent.Escalated;
import org.datarecall.casework.domain.CaseEvent.NextRound;
import org.datarecall.casework.domain.CaseEvent.NoticeResent;
import org.datarecall.casework.domain.CaseEvent.Notified;
import org.datarecall.casework.domain.CaseEvent.ReminderSent;
import org.datarecall.casework.domain.CaseEvent.Verified;
import org.datarecall.casework.domain.CaseEvent.Withdrawn;

/**
 * The case state machine: the one place that decides whether a command may move a case, and how.
 * It reads no clock and touches no database: callers pass the time and store what it returns.
 */
public final class CaseMachine {

    /** The states each staff action is allowed in; the source of {@link #allowedActions(CaseState)}. */
    private static final Map<CaseAction, Set<CaseState>> STAFF_ACTION_SOURCES = new EnumMap<>(Map.ofEntries(
            Map.entry(CaseAction.SEND_DELETION_REQUEST, EnumSet.of(NOTIFIED)),
            Map.entry(CaseAction.EXTEND, EnumSet.of(DELETION_REQUESTED, ESCALATED)),
            Map.entry(CaseAction.ESCALATE, EnumSet.of(DELETION_REQUESTED)),
            Map.entry(CaseAction.ENFORCE, EnumSet.of(ESCALATED)),
            Map.entry(CaseAction.WITHDRAW, nonTerminalStates()),
            Map.entry(CaseAction.REJECT_ATTESTATION, EnumSet.of(ATTESTED, AUDIT_PENDING)),
            Map.entry(CaseAction.RECORD_AUDIT, EnumSet.of(AUDIT_PENDING)),
            // Every state after the first notice has a developer mail that can be sent again.
            Map.entry(CaseAction.RESEND_NOTICE, EnumSet.complementOf(EnumSet.of(PENDING))),
            // A case that still expects anything of the developer may need a new address for it.
            Map.entry(CaseAction.UPDATE_CONTACT, nonTerminalStates()),
            // Staff notes are for the record, in every state; a case is looked after while it is open.
            Map.entry(CaseAction.ADD_NOTE, EnumSet.allOf(CaseState.class)),
            Map.entry(CaseAction.ASSIGN, nonTerminalStates()),
            // More evidence is asked for while the audit is open.
            Map.entry(CaseAction.REQUEST_EVIDENCE, EnumSet.of(AUDIT_PENDING))));

    private static final Set<CaseState> ATTESTABLE = EnumSet.of(DELETION_REQUESTED, ESCALATED);

    private CaseMachine() {
    }

    /** The staff actions allowed in a state, in a stable order. */
    public static Set<CaseAction> allowedActions(CaseState state) {
        EnumSet<CaseAction> allowed = EnumSet.noneOf(CaseAction.class);
        STAFF_ACTION_SOURCES.forEach((action, sources) -> {
            if (sources.contains(state)) {
                allowed.add(action);
            }
        });
        return Collections.unmodifiableSet(allowed);
    }

    /**
     * Whether the case takes the developer's attestation now: while a deletion request is open,
     * late (ESCALATED) included, unless its round already ended in a rejection with none left.
     */
    public static boolean acceptsAttestation(CaseSnapshot current) {
        return ATTESTABLE.contains(current.state()) && !current.roundSpent();
    }

    public static Decision decide(CaseSnapshot current, CaseCommand command, RoundRules rules, Instant now) {
        CaseState state = current.state();
        if (command instanceof StaffCommand staff && !STAFF_ACTION_SOURCES.get(staff.action()).contains(state)) {
            return reject(current, staff.action().pathName() + " is not allowed in state " + state);
        }
        return switch (command) {
            case Notify n -> state != PENDING ? notAllowed(current, command) : accept(current, new Notified());
            case RequestDeletion r -> accept(current,
                    new DeletionRequested(state, 1, now.plus(rules.attestationWindow())));
            case Extend e -> extend(current, e, now);
            case Escalate e -> accept(current, new Escalated(state, e.reason()));
            case Enforce e -> accept(current, new Enforced(e.measure(), e.reason()));
            case Withdraw w -> accept(current, new Withdrawn(state, w.reason()));
            case RejectAttestation r -> accept(current,
                    new AttestationRejected(state, nextRound(current, rules, now), r.reason()));
            case RecordAudit a -> accept(current, a.result() == AuditResult.PASS
                    ? new AuditPassed(a.method(), a.findings())
                    : new AuditFailed(nextRound(current, rules, now), a.method(), a.findings()));
            case ResendNotice r -> accept(current, new NoticeResent(state));
            case Delegate g -> !acceptsAttestation(current) ? notAllowed(current, command)
                    : accept(current, new Delegated(state, current.round(), g.from(), g.name(), g.email(), g.reason()));
            case UpdateContact u -> accept(current, new ContactUpdated(state, u.email(), u.ccEmails(), u.reason()));
            case AddNote n -> accept(current, new CaseEvent.NoteAdded(state, n.text()));
            case Assign a -> accept(current, new CaseEvent.OwnerAssigned(state, a.owner(), a.previousOwner()));
            case CaseCommand.RequestEvidence r -> accept(current,
                    new CaseEvent.EvidenceRequested(current.round(), r.reason()));
            // Whether an auditor asked for it is the portal's check (it reads the case's history).
            case CaseCommand.SupplyEvidence s -> state != AUDIT_PENDING ? notAllowed(current, command)
                    : accept(current, new CaseEvent.EvidenceSupplied(s.supplementId(), s.files(), s.comment()));
            case CaseCommand.RecordEnforcementAnswer a -> state != CaseState.ENFORCED ? notAllowed(current, command)
                    : accept(current, new CaseEvent.EnforcementAnswered(a.confirmed(), a.measure(), a.status(), a.detail(),
                            a.callId()));
            case Remind r -> state != DELETION_REQUESTED ? notAllowed(current, command)
                    : accept(current, new ReminderSent(current.round(), r.label(), r.offset().getSeconds()));
            case SubmitAttestation s -> !acceptsAttestation(current) ? notAllowed(current, command)
                    : accept(current, new AttestationReceived(state, s.attestationId(), s.sha256(), state == ESCALATED));
            case RouteAttestation r -> state != ATTESTED ? notAllowed(current, command)
                    : accept(current, r.auditSelected() ? new AuditRequested(r.selectionRule())
                            : new Verified(r.selectionRule()));
        };
    }

    /**
     * Applies a stored event to a snapshot. An event that does not start from the snapshot's state
     * means a corrupt history: that is an error, never silently ignored.
     */
    public static CaseSnapshot evolve(CaseSnapshot current, CaseEvent event) {
        if (event instanceof CaseOpened) {
            if (current != null) {
                throw new IllegalStateException("CASE_OPENED must be the first event of a case");
            }
            return CaseSnapshot.opened();
        }
        if (current == null || event.fromState() != current.state()) {
            throw new IllegalStateException("event " + event.type() + " from " + event.fromState()
                    + " does not fit a case in state " + (current == null ? "none" : current.state()));
        }
        Integer round = event.round();
        Instant dueAt = event.dueAt();
        VerificationBasis basis = event.verificationBasis();
        boolean spent = event.spendsRound() || (current.roundSpent() && round == null);
        return new CaseSnapshot(event.toState(),
                round == null ? current.round() : round,
                dueAt == null ? current.dueAt() : dueAt,
                basis == null ? current.verificationBasis() : basis,
                spent);
    }

    /** Replays a whole history; throws when any event does not fit. */
    public static CaseSnapshot replay(Iterable<CaseEvent> history) {
        CaseSnapshot snapshot = null;
        for (CaseEvent event : history) {
            snapshot = evolve(snapshot, event);
        }
        if (snapshot == null) {
            throw new IllegalStateException("a case history starts with CASE_OPENED");
        }
        return snapshot;
    }

    /**
     * A new deadline for the round; out of an escalation whose round is spent, the next round with
     * it (a new link and a new request), since nothing is left to attest in the old one.
     */
    private static Decision extend(CaseSnapshot current, Extend extend, Instant now) {
        Instant dueAt = extend.dueAt() != null
                ? extend.dueAt()
                : later(current.dueAt(), now).plus(extend.extension());
        if (!dueAt.isAfter(now)) {
            return reject(current, "the new deadline " + dueAt + " is not in the future");
        }
        Integer round = current.roundSpent() ? current.round() + 1 : null;
        return accept(current, new DeadlineExtended(current.state(), current.dueAt(), dueAt, extend.reason(), round));
    }

    /**
     * A failed audit or a rejected attestation starts the next round, unless the rounds allowed
     * after the first ({@code maxReRequests}) are used up: then the case escalates.
     */
    private static NextRound nextRound(CaseSnapshot current, RoundRules rules, Instant now) {
        if (current.round() > rules.maxReRequests()) {
            return NextRound.EXHAUSTED;
        }
        return new NextRound(current.round() + 1, now.plus(rules.attestationWindow()));
    }

    private static Decision accept(CaseSnapshot current, CaseEvent event) {
        return new Decision.Accepted(event, evolve(current, event));
    }

    private static Decision notAllowed(CaseSnapshot current, CaseCommand command) {
        return reject(current, command.getClass().getSimpleName() + " is not allowed in state " + current.state());
    }

    private static Decision reject(CaseSnapshot current, String reason) {
        return new Decision.Rejected(current.state(), allowedActions(current.state()), reason);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || a.isBefore(b) ? b : a;
    }

    private static EnumSet<CaseState> nonTerminalStates() {
        EnumSet<CaseState> states = EnumSet.noneOf(CaseState.class);
        Arrays.stream(CaseState.values()).filter(s -> !s.isTerminal()).forEach(states::add);
        return states;
    }
}
