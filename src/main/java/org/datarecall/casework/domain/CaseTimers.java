package org.datarecall.casework.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;


/**
 * When the sweep next has work on a case, kept on its row so that due work is an index range.
 *
 * @param stateSince            when the case entered its current state
 * @param remindedOffsetSeconds the latest reminder offset sent in the current round
 * @param nextReminderAt        when the next reminder of the round is due; null when none is left
 * @param escalateAt            when a silent case escalates; set only while DELETION_REQUESTED
 * @param linkTokenId           the current round's developer link
 */
public record CaseTimers(Instant stateSince, Long remindedOffsetSeconds, Instant nextReminderAt, Instant escalateAt,
        UUID linkTokenId) {

    /** The timers after an event, by the campaign's policy. {@code newLink} is set when the event brought a new link. */
    public static CaseTimers after(CaseSnapshot before, CaseTimers current, CaseEvent event, CaseSnapshot next,
            RoundRules rules, Instant at, UUID newLink) {
        Instant since = next.state() != before.state() ? at : current.stateSince();
        UUID link = newLink != null ? newLink : current.linkTokenId();
        if (next.state() != CaseState.DELETION_REQUESTED) {
            return new CaseTimers(since, next.round() == before.round() ? current.remindedOffsetSeconds() : null,
                    null, null, link);
        }
        Long reminded = next.round() != before.round() ? null : current.remindedOffsetSeconds();
        if (event instanceof CaseEvent.ReminderSent sent) {
            reminded = sent.offsetSeconds();
        }
        return new CaseTimers(since, reminded, nextReminder(next.dueAt(), reminded, rules.reminderOffsets(), since),
                next.dueAt().plus(rules.escalateAfter()), link);
    }

    /**
     * The first reminder of the round after the one already sent, or null when none is left. An offset
     * whose time is not after {@code requestedAt} (when the case entered DELETION_REQUESTED) is none: a
     * short window would otherwise mail a reminder right behind the deletion request itself.
     */
    public static Instant nextReminder(Instant dueAt, Long remindedOffsetSeconds, List<Duration> offsets,
            Instant requestedAt) {
        for (Duration offset : offsets) {
            Instant at = dueAt.plus(offset);
            if ((remindedOffsetSeconds == null || offset.getSeconds() > remindedOffsetSeconds)
                    && at.isAfter(requestedAt)) {
                return at;
            }
        }
        return null;
    }

    /**
     * The reminder to send now: the latest offset that is due and later than the last one sent.
     * After downtime that skips the stale ones, so a developer never gets a burst of old reminders.
     */
    public static Duration dueReminder(Instant dueAt, Long remindedOffsetSeconds, List<Duration> offsets,
            Instant now) {
        Duration due = null;
        for (Duration offset : offsets) {
            boolean newer = remindedOffsetSeconds == null || offset.getSeconds() > remindedOffsetSeconds;
            if (newer && !dueAt.plus(offset).isAfter(now)) {
                due = offset;
            }
        }
        return due;
    }
}
