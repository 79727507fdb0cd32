package org.datarecall.casework.domain;

import static org.datarecall.casework.domain.CaseState.ATTESTED;
import static org.datarecall.casework.domain.CaseState.AUDIT_PENDING;
import static org.datarecall.casework.domain.CaseState.DELETION_REQUESTED;
import static org.datarecall.casework.domain.CaseState.ENFORCED;
import static org.datarecall.casework.domain.CaseState.ESCALATED;
import static org.datarecall.casework.domain.CaseState.NOTIFIED;
import static org.datarecall.casework.domain.CaseState.PENDING;
import static org.datarecall.casework.domain.CaseState.VERIFIED;
import static org.datarecall.casework.domain.CaseState.WITHDRAWN;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

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
import org.datarecall.casework.domain.CaseCommand.Withdraw;

/**
 * The case state machine: the one place that decides whether a command may move a case, and how.
 * It reads no clock and touches no database: callers pass the time and store what it returns.
 */
public final class CaseMachine {

    /** The states each staff action is allowed in; the source of {@link #allowedActions(CaseState)}. */
    private static final Map<CaseAction, Set<CaseState>> STAFF_ACTION_SOURCES = new EnumMap<>(Map.of(
            CaseAction.SEND_DELETION_REQUEST, EnumSet.of(NOTIFIED),
            CaseAction.EXTEND, EnumSet.of(DELETION_REQUESTED, ESCALATED),
            CaseAction.ESCALATE, EnumSet.of(DELETION_REQUESTED),
            CaseAction.ENFORCE, EnumSet.of(ESCALATED),
            CaseAction.WITHDRAW, nonTerminalStates(),
            CaseAction.REJECT_ATTESTATION, EnumSet.of(ATTESTED, AUDIT_PENDING),
            CaseAction.RECORD_AUDIT, EnumSet.of(AUDIT_PENDING),
            // Every state after the first notice has a developer mail that can be sent again.
            CaseAction.RESEND_NOTICE, EnumSet.complementOf(EnumSet.of(PENDING))));

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

    /** The event that opens every case's history. */
    public static CaseEvent opened() {
        return CaseEvent.of(CaseEventType.CASE_OPENED, null, PENDING).build();
    }

    public static Decision decide(CaseSnapshot current, CaseCommand command, RoundRules rules, Instant now) {
        CaseState state = current.state();
        if (command instanceof StaffCommand staff && !STAFF_ACTION_SOURCES.get(staff.action()).contains(state)) {
            return reject(current, staff.action().pathName() + " is not allowed in state " + state);
        }
        CaseEvent event = switch (command) {
            case Notify n -> state != PENDING ? null
                    : CaseEvent.of(CaseEventType.NOTIFIED, PENDING, NOTIFIED).build();
            case RequestDeletion r -> CaseEvent.of(CaseEventType.DELETION_REQUESTED, state, DELETION_REQUESTED)
                    .with("round", 1)
                    .with("dueAt", now.plus(rules.attestationWindow()))
                    .build();
            case Extend e -> extend(current, e, now);
            case Escalate e -> CaseEvent.of(CaseEventType.ESCALATED, state, ESCALATED)
                    .with("reason", e.reason())
                    .build();
            case Enforce e -> CaseEvent.of(CaseEventType.ENFORCED, state, ENFORCED)
                    .with("measure", e.measure())
                    .with("reason", e.reason())
                    .build();
            case Withdraw w -> CaseEvent.of(CaseEventType.WITHDRAWN, state, WITHDRAWN)
                    .with("reason", w.reason())
                    .build();
            case RejectAttestation r -> nextRound(current, CaseEventType.ATTESTATION_REJECTED, rules, now)
                    .with("reason", r.reason())
                    .build();
            case RecordAudit a -> recordAudit(current, a, rules, now);
            case ResendNotice r -> CaseEvent.of(CaseEventType.NOTICE_RESENT, state, state).build();
            case Remind r -> state != DELETION_REQUESTED ? null
                    : CaseEvent.of(CaseEventType.REMINDER_SENT, state, state)
                            .with("round", current.round())
                            .with("offset", r.label())
                            .with("offsetSeconds", r.offset().getSeconds())
                            .build();
            case SubmitAttestation s -> !ATTESTABLE.contains(state) ? null
                    : CaseEvent.of(CaseEventType.ATTESTATION_RECEIVED, state, ATTESTED)
                            .with("attestationId", s.attestationId())
                            .with("sha256", s.sha256())
                            .with("late", state == ESCALATED)
                            .build();
            case RouteAttestation r -> state != ATTESTED ? null : routeAttestation(r);
        };
        if (event == null) {
            return reject(current, command.getClass().getSimpleName() + " is not allowed in state " + state);
        }
        return new Decision.Accepted(event, evolve(current, event));
    }

    /**
     * Applies a stored event to a snapshot. An event that does not start from the snapshot's state
     * means a corrupt history: that is an error, never silently ignored.
     */
    public static CaseSnapshot evolve(CaseSnapshot current, CaseEvent event) {
        if (event.type() == CaseEventType.CASE_OPENED) {
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
        return new CaseSnapshot(event.toState(),
                round == null ? current.round() : round,
                dueAt == null ? current.dueAt() : dueAt,
                basis == null ? current.verificationBasis() : basis);
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

    private static CaseEvent extend(CaseSnapshot current, Extend extend, Instant now) {
        Instant dueAt = extend.dueAt() != null
                ? extend.dueAt()
                : later(current.dueAt(), now).plus(extend.extension());
        if (!dueAt.isAfter(now)) {
            throw new IllegalArgumentException("the new deadline must be in the future");
        }
        return CaseEvent.of(CaseEventType.DEADLINE_EXTENDED, current.state(), DELETION_REQUESTED)
                .with("previousDueAt", current.dueAt())
                .with("dueAt", dueAt)
                .with("reason", extend.reason())
                .build();
    }

    private static CaseEvent recordAudit(CaseSnapshot current, RecordAudit audit, RoundRules rules, Instant now) {
        if (audit.result() == AuditResult.PASS) {
            return CaseEvent.of(CaseEventType.AUDIT_PASSED, AUDIT_PENDING, VERIFIED)
                    .with("verificationBasis", VerificationBasis.AUDIT)
                    .with("method", audit.method())
                    .with("findings", audit.findings())
                    .build();
        }
        return nextRound(current, CaseEventType.AUDIT_FAILED, rules, now)
                .with("method", audit.method())
                .with("findings", audit.findings())
                .build();
    }

    /**
     * A failed audit or a rejected attestation starts the next round, unless the rounds allowed
     * after the first ({@code maxReRequests}) are used up: then the case escalates.
     */
    private static CaseEvent.Builder nextRound(CaseSnapshot current, CaseEventType type, RoundRules rules, Instant now) {
        if (current.round() > rules.maxReRequests()) {
            return CaseEvent.of(type, current.state(), ESCALATED).with("roundsExhausted", true);
        }
        return CaseEvent.of(type, current.state(), DELETION_REQUESTED)
                .with("round", current.round() + 1)
                .with("dueAt", now.plus(rules.attestationWindow()));
    }

    private static CaseEvent routeAttestation(RouteAttestation route) {
        if (route.auditSelected()) {
            return CaseEvent.of(CaseEventType.AUDIT_REQUESTED, ATTESTED, AUDIT_PENDING)
                    .with("selectionRule", route.selectionRule())
                    .build();
        }
        return CaseEvent.of(CaseEventType.VERIFIED, ATTESTED, VERIFIED)
                .with("verificationBasis", VerificationBasis.ATTESTATION)
                .with("selectionRule", route.selectionRule())
                .build();
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
