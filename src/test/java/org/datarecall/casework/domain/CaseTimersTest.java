package org.datarecall.casework.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.Durations;
import org.junit.jupiter.api.Test;

/** Given a round's deadline and the reminders sent, when the sweep looks at time t, then this reminder or none. */
class CaseTimersTest {

    static final Instant REQUESTED = Instant.parse("2026-05-01T10:00:00Z");
    static final Instant DUE = REQUESTED.plus(Duration.ofDays(30));
    static final List<Duration> OFFSETS = List.of(days(-7), days(-1), days(3));
    static final UUID LINK = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8059");

    static Duration days(long n) {
        return Duration.ofDays(n);
    }

    static Long sent(Duration offset) {
        return offset.getSeconds();
    }

    static RoundRules policy(Duration attestationWindow, List<Duration> reminderOffsets) {
        return new RoundRules(attestationWindow, 2, reminderOffsets, days(14));
    }

    // dueReminder: what the sweep sends when it finds the case

    @Test
    void nothing_is_due_before_the_first_offset() {
        assertThat(CaseTimers.dueReminder(DUE, null, OFFSETS, DUE.minus(days(7)).minusSeconds(1))).isNull();
    }

    @Test
    void an_offset_is_due_from_its_moment_on() {
        assertThat(CaseTimers.dueReminder(DUE, null, OFFSETS, DUE.minus(days(7)))).isEqualTo(days(-7));
        assertThat(CaseTimers.dueReminder(DUE, sent(days(-7)), OFFSETS, DUE.minus(days(1)))).isEqualTo(days(-1));
    }

    @Test
    void after_downtime_only_the_latest_due_offset_is_sent() {
        assertThat(CaseTimers.dueReminder(DUE, null, OFFSETS, DUE.plus(days(4)))).isEqualTo(days(3));
        assertThat(CaseTimers.dueReminder(DUE, sent(days(-7)), OFFSETS, DUE)).isEqualTo(days(-1));
    }

    @Test
    void an_offset_not_later_than_the_one_sent_is_never_due_again() {
        assertThat(CaseTimers.dueReminder(DUE, sent(days(-1)), OFFSETS, DUE)).isNull();
        assertThat(CaseTimers.dueReminder(DUE, sent(days(3)), OFFSETS, DUE.plus(days(3650)))).isNull();
    }

    @Test
    void negative_offsets_are_ordered_by_their_time_not_their_size() {
        List<Duration> offsets = List.of(days(-7), Duration.ofHours(-12), Duration.ZERO);
        assertThat(CaseTimers.dueReminder(DUE, sent(days(-7)), offsets, DUE.minus(Duration.ofHours(12))))
                .isEqualTo(Duration.ofHours(-12));
        assertThat(CaseTimers.dueReminder(DUE, sent(Duration.ofHours(-12)), offsets, DUE.minusSeconds(1))).isNull();
        assertThat(CaseTimers.dueReminder(DUE, sent(Duration.ofHours(-12)), offsets, DUE)).isEqualTo(Duration.ZERO);
    }

    @Test
    void a_policy_without_offsets_never_reminds() {
        assertThat(CaseTimers.dueReminder(DUE, null, List.of(), DUE.plus(days(100)))).isNull();
        assertThat(CaseTimers.nextReminder(DUE, null, List.of(), REQUESTED)).isNull();
    }

    // nextReminder: when the sweep should look next

    @Test
    void the_next_reminder_is_the_first_offset_after_the_one_sent() {
        assertThat(CaseTimers.nextReminder(DUE, null, OFFSETS, REQUESTED)).isEqualTo(DUE.minus(days(7)));
        assertThat(CaseTimers.nextReminder(DUE, sent(days(-7)), OFFSETS, REQUESTED)).isEqualTo(DUE.minus(days(1)));
        assertThat(CaseTimers.nextReminder(DUE, sent(days(-1)), OFFSETS, REQUESTED)).isEqualTo(DUE.plus(days(3)));
        assertThat(CaseTimers.nextReminder(DUE, sent(days(3)), OFFSETS, REQUESTED)).isNull();
    }

    @Test
    void an_offset_whose_time_is_not_after_the_request_is_never_next() {
        Instant due = REQUESTED.plus(days(5));
        assertThat(CaseTimers.nextReminder(due, null, OFFSETS, REQUESTED)).isEqualTo(due.minus(days(1)));
        assertThat(CaseTimers.nextReminder(due, null, OFFSETS, due.minus(days(1)))).isEqualTo(due.plus(days(3)));
    }

    @Test
    void an_offset_skipped_after_downtime_is_not_scheduled_later() {
        Duration sentAfterDowntime = CaseTimers.dueReminder(DUE, sent(days(-7)), OFFSETS, DUE.plus(days(4)));
        assertThat(sentAfterDowntime).isEqualTo(days(3));
        assertThat(CaseTimers.nextReminder(DUE, sent(sentAfterDowntime), OFFSETS, REQUESTED)).isNull();
    }

    // after: the timers a transition leaves on the case row

    /** A case in NOTIFIED that the sweep asks for deletion at {@code at}. */
    static Step requested(RoundRules policy, Instant at) {
        CaseSnapshot notified = new CaseSnapshot(CaseState.NOTIFIED, 0, null, null, false);
        return new Step(notified, new CaseTimers(at.minus(days(1)), null, null, null, null), policy)
                .then(new CaseCommand.RequestDeletion(), at, LINK);
    }

    /** A case's snapshot and timers, moved on by commands through the state machine as the service does it. */
    record Step(CaseSnapshot snapshot, CaseTimers timers, RoundRules policy) {

        Step then(CaseCommand command, Instant at, UUID newLink) {
            Decision.Accepted accepted = (Decision.Accepted) CaseMachine.decide(snapshot, command,
                    policy, at);
            CaseTimers next = CaseTimers.after(snapshot, timers, accepted.event(), accepted.next(), policy, at,
                    newLink);
            return new Step(accepted.next(), next, policy);
        }

        Step remind(Duration offset, Instant at) {
            return then(new CaseCommand.Remind(offset, Durations.format(offset)), at, null);
        }

        /** The REMIND stage of the sweep at each moment: claimed once its reminder time has come. */
        List<String> sweepAt(Instant... moments) {
            List<String> sent = new ArrayList<>();
            Step step = this;
            for (Instant now : moments) {
                Instant next = step.timers().nextReminderAt();
                if (next == null || next.isAfter(now)) {
                    continue;
                }
                Duration offset = CaseTimers.dueReminder(step.snapshot().dueAt(), step.timers().remindedOffsetSeconds(),
                        step.policy().reminderOffsets(), now);
                if (offset != null) {
                    sent.add(Durations.format(offset));
                    step = step.remind(offset, now);
                }
            }
            return sent;
        }
    }

    @Test
    void a_deletion_request_starts_the_timers_of_its_round() {
        Step step = requested(policy(days(30), OFFSETS), REQUESTED);
        assertThat(step.timers()).isEqualTo(new CaseTimers(REQUESTED, null, DUE.minus(days(7)), DUE.plus(days(14)),
                LINK));
    }

    @Test
    void a_reminder_sent_moves_the_timer_to_the_next_offset() {
        Step step = requested(policy(days(30), OFFSETS), REQUESTED).remind(days(-7), DUE.minus(days(7)));
        assertThat(step.timers()).isEqualTo(new CaseTimers(REQUESTED, sent(days(-7)), DUE.minus(days(1)),
                DUE.plus(days(14)), LINK));
        step = step.remind(days(3), DUE.plus(days(4)));
        assertThat(step.timers().remindedOffsetSeconds()).isEqualTo(sent(days(3)));
        assertThat(step.timers().nextReminderAt()).isNull();
    }

    @Test
    void an_extension_keeps_the_reminders_already_sent_in_the_round() {
        Step step = requested(policy(days(30), OFFSETS), REQUESTED).remind(days(-7), DUE.minus(days(7)))
                .then(new CaseCommand.Extend(null, days(10), "asked for time"), DUE.minus(days(5)), null);
        Instant newDue = DUE.plus(days(10));
        assertThat(step.timers()).isEqualTo(new CaseTimers(REQUESTED, sent(days(-7)), newDue.minus(days(1)),
                newDue.plus(days(14)), LINK));
    }

    @Test
    void leaving_deletion_requested_stops_the_reminders_and_the_escalation() {
        Instant attested = DUE.minus(days(2));
        Step step = requested(policy(days(30), OFFSETS), REQUESTED).remind(days(-7), DUE.minus(days(7)))
                .then(new CaseCommand.SubmitAttestation("a1", "digest"), attested, null);
        assertThat(step.timers()).isEqualTo(new CaseTimers(attested, sent(days(-7)), null, null, LINK));
    }

    @Test
    void a_new_round_forgets_the_reminders_of_the_last_and_takes_its_link() {
        Instant attested = DUE.minus(days(2));
        Instant rejected = DUE;
        UUID secondLink = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a805a");
        Step step = requested(policy(days(30), OFFSETS), REQUESTED).remind(days(-7), DUE.minus(days(7)))
                .then(new CaseCommand.SubmitAttestation("a1", "digest"), attested, null)
                .then(new CaseCommand.RejectAttestation("unsigned"), rejected, secondLink);
        Instant secondDue = rejected.plus(days(30));
        assertThat(step.snapshot().round()).isEqualTo(2);
        assertThat(step.timers()).isEqualTo(new CaseTimers(rejected, null, secondDue.minus(days(7)),
                secondDue.plus(days(14)), secondLink));
    }

    @Test
    void an_offset_whose_time_is_not_after_the_deletion_request_sends_nothing() {
        // A five-day window: dueAt - 7 days was two days before the request was sent.
        Instant due = REQUESTED.plus(days(5));
        Step step = requested(policy(days(5), OFFSETS), REQUESTED);
        assertThat(step.timers().nextReminderAt()).isEqualTo(due.minus(days(1)));
        assertThat(step.sweepAt(REQUESTED.plusSeconds(10), REQUESTED.plus(days(1)), due.minus(days(1)),
                due.plus(days(3)))).containsExactly("-P1D", "P3D");
        // A seven-day window: dueAt - 7 days is the request itself.
        assertThat(requested(policy(days(7), OFFSETS), REQUESTED).timers().nextReminderAt())
                .isEqualTo(REQUESTED.plus(days(6)));
    }

    @Test
    void a_round_sends_each_offset_once_and_only_the_latest_after_downtime() {
        Step step = requested(policy(days(30), OFFSETS), REQUESTED);
        assertThat(step.sweepAt(REQUESTED.plusSeconds(10), DUE.minus(days(7)), DUE.minus(days(7)).plusSeconds(10),
                DUE.minus(days(6)), DUE.plus(days(4)), DUE.plus(days(5)), DUE.plus(days(13))))
                .containsExactly("-P7D", "P3D");
    }
}
