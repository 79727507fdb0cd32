package org.datarecall.casework.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datarecall.casework.domain.CaseState.ATTESTED;
import static org.datarecall.casework.domain.CaseState.AUDIT_PENDING;
import static org.datarecall.casework.domain.CaseState.DELETION_REQUESTED;
import static org.datarecall.casework.domain.CaseState.ENFORCED;
import static org.datarecall.casework.domain.CaseState.ESCALATED;
import static org.datarecall.casework.domain.CaseState.NOTIFIED;
import static org.datarecall.casework.domain.CaseState.PENDING;
import static org.datarecall.casework.domain.CaseState.VERIFIED;
import static org.datarecall.casework.domain.CaseState.WITHDRAWN;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.datarecall.casework.domain.CaseCommand.Enforce;
import org.datarecall.casework.domain.CaseCommand.Escalate;
import org.datarecall.casework.domain.CaseCommand.Extend;
import org.datarecall.casework.domain.CaseCommand.Notify;
import org.datarecall.casework.domain.CaseCommand.RecordAudit;
import org.datarecall.casework.domain.CaseCommand.RejectAttestation;
import org.datarecall.casework.domain.CaseCommand.RequestDeletion;
import org.datarecall.casework.domain.CaseCommand.ResendNotice;
import org.datarecall.casework.domain.CaseCommand.RouteAttestation;
import org.datarecall.casework.domain.CaseCommand.SubmitAttestation;
import org.datarecall.casework.domain.CaseCommand.Withdraw;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Given a case in a state, when a command arrives, then this event and snapshot — or a refusal. */
class CaseMachineTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final Instant DUE = Instant.parse("2026-05-20T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final RoundRules RULES = rules(2);
    static final CaseEvent OPENED = new CaseEvent.CaseOpened("dev-1", "Dev One", "one@example.com", List.of(),
            List.of("app-1"), null, RiskTier.STANDARD);

    static RoundRules rules(int maxReRequests) {
        return new RoundRules(Duration.ofDays(30), maxReRequests, List.of(Duration.ofDays(-7), Duration.ofDays(3)),
                Duration.ofDays(14));
    }

    /** One representative command per kind; the exhaustive test tries each in every state. */
    static final List<CaseCommand> COMMANDS = List.of(
            new Notify(),
            new RequestDeletion(),
            new Extend(null, Duration.ofDays(7), "asked for more time"),
            new Escalate("silent"),
            new Enforce(EnforcementMeasure.APP_SUSPENDED, "no answer"),
            new Withdraw("sent in error"),
            new RejectAttestation("unsigned"),
            new RecordAudit(AuditResult.PASS, AuditMethod.DOCUMENT_REVIEW, "clean"),
            new ResendNotice(),
            new CaseCommand.UpdateContact("new@example.com", List.of("dpo@example.com"), "mailbox closed"),
            new CaseCommand.Delegate("one@example.com", "Grace Hopper", "grace@example.com", "signs for us"),
            new CaseCommand.AddNote("called their DPO"),
            new CaseCommand.Assign("alice", "bob"),
            new CaseCommand.RequestEvidence("the purge log"),
            new CaseCommand.SupplyEvidence("0190a1b2-0000-7000-8000-000000000001", List.of(Map.of("evidenceId",
                    "0190a1b2-0000-7000-8000-000000000002", "filename", "log.txt", "size", 12, "sha256", "ab")),
                    "as asked"),
            new CaseCommand.RecordEnforcementAnswer(true, "APP_SUSPENDED", 200, "{\"done\":true}",
                    "0190a1b2-0000-7000-8000-000000000003"),
            new CaseCommand.RecordEnforcementAnswer(false, "ACCESS_TERMINATED", null, "ConnectException",
                    "0190a1b2-0000-7000-8000-000000000004"),
            new SubmitAttestation("a1", "digest"),
            new CaseCommand.Remind(Duration.ofDays(-7), "-P7D"),
            new RouteAttestation(true, "HIGH risk"));

    /** The transition table of SPEC: for each command kind, the states it is allowed in. */
    static final Map<Class<? extends CaseCommand>, Set<CaseState>> ALLOWED = Map.ofEntries(
            Map.entry(Notify.class, EnumSet.of(PENDING)),
            Map.entry(RequestDeletion.class, EnumSet.of(NOTIFIED)),
            Map.entry(Extend.class, EnumSet.of(DELETION_REQUESTED, ESCALATED)),
            Map.entry(Escalate.class, EnumSet.of(DELETION_REQUESTED)),
            Map.entry(Enforce.class, EnumSet.of(ESCALATED)),
            Map.entry(Withdraw.class, EnumSet.of(PENDING, NOTIFIED, DELETION_REQUESTED, ATTESTED, AUDIT_PENDING, ESCALATED)),
            Map.entry(RejectAttestation.class, EnumSet.of(ATTESTED, AUDIT_PENDING)),
            Map.entry(RecordAudit.class, EnumSet.of(AUDIT_PENDING)),
            Map.entry(ResendNotice.class, EnumSet.complementOf(EnumSet.of(PENDING))),
            Map.entry(CaseCommand.Delegate.class, EnumSet.of(DELETION_REQUESTED, ESCALATED)),
            Map.entry(CaseCommand.UpdateContact.class,
                    EnumSet.of(PENDING, NOTIFIED, DELETION_REQUESTED, ATTESTED, AUDIT_PENDING, ESCALATED)),
            Map.entry(CaseCommand.AddNote.class, EnumSet.allOf(CaseState.class)),
            Map.entry(CaseCommand.Assign.class,
                    EnumSet.of(PENDING, NOTIFIED, DELETION_REQUESTED, ATTESTED, AUDIT_PENDING, ESCALATED)),
            Map.entry(CaseCommand.RequestEvidence.class, EnumSet.of(AUDIT_PENDING)),
            Map.entry(CaseCommand.SupplyEvidence.class, EnumSet.of(AUDIT_PENDING)),
            Map.entry(CaseCommand.RecordEnforcementAnswer.class, EnumSet.of(ENFORCED)),
            Map.entry(SubmitAttestation.class, EnumSet.of(DELETION_REQUESTED, ESCALATED)),
            Map.entry(RouteAttestation.class, EnumSet.of(ATTESTED)),
            Map.entry(CaseCommand.Remind.class, EnumSet.of(DELETION_REQUESTED)));

    static CaseSnapshot in(CaseState state) {
        return switch (state) {
            case PENDING, NOTIFIED -> new CaseSnapshot(state, 0, null, null, false);
            case VERIFIED -> new CaseSnapshot(state, 1, DUE, VerificationBasis.ATTESTATION, false);
            default -> new CaseSnapshot(state, 1, DUE, null, false);
        };
    }

    static Stream<Arguments> everyStateAndCommand() {
        List<Arguments> pairs = new ArrayList<>();
        for (CaseState state : CaseState.values()) {
            for (CaseCommand command : COMMANDS) {
                pairs.add(Arguments.of(state, command));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyStateAndCommand")
    void every_pair_is_accepted_exactly_when_the_table_allows_it(CaseState state, CaseCommand command) {
        Decision decision = CaseMachine.decide(in(state), command, RULES, NOW);

        boolean allowed = ALLOWED.get(command.getClass()).contains(state);
        if (allowed) {
            assertThat(decision).isInstanceOf(Decision.Accepted.class);
            Decision.Accepted accepted = (Decision.Accepted) decision;
            assertThat(accepted.event().fromState()).isEqualTo(state);
            assertThat(accepted.next().state()).isEqualTo(accepted.event().toState());
        } else {
            assertThat(decision).isInstanceOf(Decision.Rejected.class);
            Decision.Rejected rejected = (Decision.Rejected) decision;
            assertThat(rejected.currentState()).isEqualTo(state);
            assertThat(rejected.allowedActions()).isEqualTo(CaseMachine.allowedActions(state));
        }
    }

    @Test
    void terminal_states_allow_nothing_but_resending_the_last_notice_and_notes() {
        for (CaseState terminal : List.of(VERIFIED, ENFORCED, WITHDRAWN)) {
            assertThat(CaseMachine.allowedActions(terminal)).containsExactly(CaseAction.RESEND_NOTICE,
                    CaseAction.ADD_NOTE);
        }
    }

    @Test
    void notify_moves_pending_to_notified() {
        CaseSnapshot next = accepted(in(PENDING), new Notify()).next();
        assertThat(next.state()).isEqualTo(NOTIFIED);
        assertThat(next.round()).isZero();
    }

    @Test
    void a_deletion_request_starts_round_one_with_the_window_as_deadline() {
        Decision.Accepted a = accepted(in(NOTIFIED), new RequestDeletion());
        assertThat(a.event().type()).isEqualTo(CaseEventType.DELETION_REQUESTED);
        assertThat(a.next()).isEqualTo(new CaseSnapshot(DELETION_REQUESTED, 1, NOW.plus(Duration.ofDays(30)), null, false));
    }

    @Test
    void extend_by_a_duration_adds_to_the_current_deadline_when_it_is_still_ahead() {
        CaseSnapshot next = accepted(in(DELETION_REQUESTED), new Extend(null, Duration.ofDays(7), "r")).next();
        assertThat(next.dueAt()).isEqualTo(DUE.plus(Duration.ofDays(7)));
        assertThat(next.round()).isEqualTo(1);
    }

    @Test
    void extend_an_escalated_case_counts_from_now_when_the_deadline_has_passed() {
        CaseSnapshot escalated = new CaseSnapshot(ESCALATED, 1, NOW.minus(Duration.ofDays(20)), null, false);
        CaseSnapshot next = accepted(escalated, new Extend(null, Duration.ofDays(7), "r")).next();
        assertThat(next.state()).isEqualTo(DELETION_REQUESTED);
        assertThat(next.dueAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void extend_to_an_explicit_deadline_in_the_past_is_refused_and_changes_nothing() {
        Decision d = CaseMachine.decide(in(DELETION_REQUESTED), new Extend(NOW.minusSeconds(1), null, "r"), RULES, NOW);
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        assertThat(((Decision.Rejected) d).reason()).contains("is not in the future");
        assertThat(((Decision.Rejected) d).currentState()).isEqualTo(DELETION_REQUESTED);
    }

    @Test
    void a_rejection_with_the_rounds_used_up_spends_the_round_and_no_attestation_is_taken_in_it() {
        CaseSnapshot spent = accepted(new CaseSnapshot(ATTESTED, 3, DUE, null, false), new RejectAttestation("again"))
                .next();
        assertThat(spent).isEqualTo(new CaseSnapshot(ESCALATED, 3, DUE, null, true));
        assertThat(CaseMachine.acceptsAttestation(spent)).isFalse();
        assertThat(CaseMachine.decide(spent, new SubmitAttestation("a", "d"), RULES, NOW))
                .isInstanceOf(Decision.Rejected.class);
        // An escalation of a silent developer keeps its round open: a late attestation is welcome.
        assertThat(CaseMachine.acceptsAttestation(in(ESCALATED))).isTrue();
    }

    @Test
    void extend_out_of_a_spent_round_opens_the_next_round() {
        CaseSnapshot spent = new CaseSnapshot(ESCALATED, 3, DUE, null, true);
        Decision.Accepted a = accepted(spent, new Extend(null, Duration.ofDays(10), "one more chance"));
        assertThat(a.next()).isEqualTo(new CaseSnapshot(DELETION_REQUESTED, 4, DUE.plus(Duration.ofDays(10)), null,
                false));
        assertThat(a.event().data()).containsEntry("round", 4).containsEntry("reason", "one more chance");
        assertThat(CaseMachine.acceptsAttestation(a.next())).isTrue();
        // Out of an ordinary escalation the round stays.
        assertThat(accepted(in(ESCALATED), new Extend(null, Duration.ofDays(10), "r")).next().round()).isEqualTo(1);
    }

    @Test
    void every_event_reads_back_from_its_stored_form_as_the_same_record() {
        List<CaseEvent> events = new ArrayList<>(List.of(OPENED,
                new CaseEvent.DeveloperUpdated(NOTIFIED, Map.of("email", "new@example.com")),
                new CaseEvent.AccessRevoked(DELETION_REQUESTED, Map.of("appId", "app-1", "mechanism", "TOKENS")),
                new CaseEvent.FindingRecorded(VERIFIED, Map.of("kind", "NOT_REVOKED", "apps", List.of("app-1"))),
                new CaseEvent.NoticeBounced(DELETION_REQUESTED, Map.of("kind", "DELETION_REQUEST", "status", "5.1.1"))));
        for (CaseState state : CaseState.values()) {
            for (CaseCommand command : COMMANDS) {
                if (CaseMachine.decide(in(state), command, RULES, NOW) instanceof Decision.Accepted a) {
                    events.add(a.event());
                }
            }
        }
        events.add(accepted(new CaseSnapshot(AUDIT_PENDING, 3, DUE, null, false),
                new RecordAudit(AuditResult.FAIL, AuditMethod.REMOTE_INSPECTION, "kept")).event());
        events.add(accepted(in(ATTESTED), new RouteAttestation(false, "sample: draw 0.9 >= rate 0.1")).event());
        assertThat(events).extracting(CaseEvent::type).contains(CaseEventType.values());
        for (CaseEvent event : events) {
            Map<String, Object> stored = roundTrip(event.data());
            assertThat(CaseEvent.fromStored(event.type(), event.fromState(), event.toState(), stored))
                    .as(event.type().name()).isEqualTo(event);
        }
    }

    @Test
    void a_stored_event_whose_states_do_not_fit_its_type_is_a_loud_error() {
        assertThatThrownBy(() -> CaseEvent.fromStored(CaseEventType.NOTIFIED, NOTIFIED, ATTESTED, Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    /** The data as stored: written as JSON text and read back. */
    private static Map<String, Object> roundTrip(Map<String, Object> data) {
        try {
            return JSON.readValue(JSON.writeValueAsString(data), new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void escalate_and_enforce() {
        assertThat(accepted(in(DELETION_REQUESTED), new Escalate("silent")).next().state()).isEqualTo(ESCALATED);
        Decision.Accepted enforced = accepted(in(ESCALATED), new Enforce(EnforcementMeasure.LEGAL_REFERRAL, "r"));
        assertThat(enforced.next().state()).isEqualTo(ENFORCED);
        assertThat(enforced.event().data()).containsEntry("measure", "LEGAL_REFERRAL");
    }

    @Test
    void an_attestation_while_escalated_is_marked_late() {
        assertThat(accepted(in(DELETION_REQUESTED), new SubmitAttestation("a", "d")).event().data())
                .containsEntry("late", false);
        Decision.Accepted late = accepted(in(ESCALATED), new SubmitAttestation("a", "d"));
        assertThat(late.next().state()).isEqualTo(ATTESTED);
        assertThat(late.event().data()).containsEntry("late", true);
    }

    @Test
    void routing_an_attestation_selects_an_audit_or_verifies_on_the_attestation() {
        assertThat(accepted(in(ATTESTED), new RouteAttestation(true, "r")).next().state()).isEqualTo(AUDIT_PENDING);
        CaseSnapshot verified = accepted(in(ATTESTED), new RouteAttestation(false, "r")).next();
        assertThat(verified.state()).isEqualTo(VERIFIED);
        assertThat(verified.verificationBasis()).isEqualTo(VerificationBasis.ATTESTATION);
    }

    @Test
    void a_passed_audit_verifies_on_the_audit() {
        CaseSnapshot next = accepted(in(AUDIT_PENDING),
                new RecordAudit(AuditResult.PASS, AuditMethod.TECHNICAL_SCAN, null)).next();
        assertThat(next.state()).isEqualTo(VERIFIED);
        assertThat(next.verificationBasis()).isEqualTo(VerificationBasis.AUDIT);
    }

    @Test
    void a_failed_audit_starts_the_next_round_until_the_re_requests_are_used_up() {
        RecordAudit fail = new RecordAudit(AuditResult.FAIL, AuditMethod.ONSITE_INSPECTION, "copies in backups");
        // maxReRequests = 2: rounds 2 and 3 may follow the first.
        for (int round = 1; round <= 2; round++) {
            CaseSnapshot next = accepted(new CaseSnapshot(AUDIT_PENDING, round, DUE, null, false), fail).next();
            assertThat(next.state()).isEqualTo(DELETION_REQUESTED);
            assertThat(next.round()).isEqualTo(round + 1);
            assertThat(next.dueAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        }
        CaseSnapshot exhausted = accepted(new CaseSnapshot(AUDIT_PENDING, 3, DUE, null, false), fail).next();
        assertThat(exhausted.state()).isEqualTo(ESCALATED);
        assertThat(exhausted.round()).isEqualTo(3);
    }

    @Test
    void a_rejected_attestation_follows_the_same_round_rule() {
        CaseSnapshot next = accepted(new CaseSnapshot(ATTESTED, 1, DUE, null, false), new RejectAttestation("unsigned")).next();
        assertThat(next).isEqualTo(new CaseSnapshot(DELETION_REQUESTED, 2, NOW.plus(Duration.ofDays(30)), null, false));
        RoundRules none = rules(0);
        Decision d = CaseMachine.decide(new CaseSnapshot(AUDIT_PENDING, 1, DUE, null, false), new RejectAttestation("x"),
                none, NOW);
        assertThat(((Decision.Accepted) d).next().state()).isEqualTo(ESCALATED);
    }

    @Test
    void withdraw_ends_any_open_case() {
        for (CaseState state : CaseState.values()) {
            if (!state.isTerminal()) {
                assertThat(accepted(in(state), new Withdraw("r")).next().state()).isEqualTo(WITHDRAWN);
            }
        }
    }

    @Test
    void a_reminder_keeps_the_state_and_records_its_offset_and_round() {
        Decision.Accepted a = accepted(in(DELETION_REQUESTED), new CaseCommand.Remind(Duration.ofDays(-1), "-P1D"));
        assertThat(a.next()).isEqualTo(in(DELETION_REQUESTED));
        assertThat(a.event().type()).isEqualTo(CaseEventType.REMINDER_SENT);
        assertThat(a.event().data()).containsEntry("offset", "-P1D").containsEntry("offsetSeconds", -86400L)
                .containsEntry("round", 1);
    }

    @Test
    void resend_keeps_the_state() {
        Decision.Accepted a = accepted(in(ATTESTED), new ResendNotice());
        assertThat(a.next()).isEqualTo(in(ATTESTED));
        assertThat(a.event().type()).isEqualTo(CaseEventType.NOTICE_RESENT);
    }

    @Test
    void replaying_a_history_gives_the_same_snapshot_as_deciding_it() {
        List<CaseEvent> history = new ArrayList<>();
        history.add(OPENED);
        CaseSnapshot snapshot = CaseSnapshot.opened();
        for (CaseCommand command : List.of(new Notify(), new RequestDeletion(), new SubmitAttestation("a", "d"),
                new RouteAttestation(true, "r"), new RecordAudit(AuditResult.FAIL, AuditMethod.DOCUMENT_REVIEW, "f"),
                new SubmitAttestation("b", "e"), new RouteAttestation(false, "r"))) {
            Decision.Accepted a = accepted(snapshot, command);
            history.add(a.event());
            snapshot = a.next();
        }
        assertThat(CaseMachine.replay(history)).isEqualTo(snapshot);
        assertThat(snapshot.state()).isEqualTo(VERIFIED);
        assertThat(snapshot.round()).isEqualTo(2);
    }

    @Test
    void an_event_that_does_not_fit_the_state_is_a_loud_error() {
        CaseEvent wrong = new CaseEvent.Enforced(EnforcementMeasure.OTHER, "r");
        assertThatThrownBy(() -> CaseMachine.evolve(in(NOTIFIED), wrong)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CaseMachine.replay(List.of(wrong))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CaseMachine.replay(List.of(OPENED, OPENED)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void overdue_only_while_waiting_for_the_developer() {
        Instant late = DUE.plusSeconds(1);
        assertThat(in(DELETION_REQUESTED).isOverdue(late)).isTrue();
        assertThat(in(ESCALATED).isOverdue(late)).isTrue();
        assertThat(in(ATTESTED).isOverdue(late)).isFalse();
        assertThat(in(DELETION_REQUESTED).isOverdue(DUE)).isFalse();
    }

    @Test
    void risk_tier_is_high_for_access_within_the_recent_window() {
        Instant detected = Instant.parse("2026-04-01T00:00:00Z");
        Duration window = Duration.ofDays(60);
        assertThat(RiskTier.of(detected.minus(window), detected, window)).isEqualTo(RiskTier.HIGH);
        assertThat(RiskTier.of(detected.minus(window).minusSeconds(1), detected, window)).isEqualTo(RiskTier.STANDARD);
        assertThat(RiskTier.of(null, detected, window)).isEqualTo(RiskTier.STANDARD);
    }

    private static Decision.Accepted accepted(CaseSnapshot snapshot, CaseCommand command) {
        Decision decision = CaseMachine.decide(snapshot, command, RULES, NOW);
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        return (Decision.Accepted) decision;
    }
}
