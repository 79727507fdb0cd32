package org.datarecall.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.datarecall.campaign.Campaign;
import org.datarecall.casework.CaseRecord;
import org.datarecall.notice.NoticeView;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseMachine;
import org.datarecall.evidence.StoredEvent;
import org.datarecall.portal.Attestation;

/** Everything the case page shows, and the actions this user may take in this state. */
public record CasePage(Staff staff, Campaign campaign, CaseRecord c, List<StoredEvent> events, List<NoticeView> notices,
        List<Attestation> attestations, String message, boolean refused, Instant now) {

    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** Allowed by the state machine and by the user's role, in the order of the action list. */
    public List<String> actions() {
        return CaseMachine.allowedActions(c.snapshot().state()).stream().filter(staff::may)
                .map(CaseAction::pathName).sorted().toList();
    }

    public String state() {
        return c.snapshot().state().name();
    }

    public String deadline() {
        return c.snapshot().dueAt() == null ? "—" : SHOWN.format(c.snapshot().dueAt());
    }

    public String timeLeft() {
        Instant due = c.snapshot().dueAt();
        if (due == null || c.snapshot().state().isTerminal()) {
            return "";
        }
        Duration left = Duration.between(now, due);
        long days = Math.abs(left.toDays());
        String amount = days >= 1 ? days + (days == 1 ? " day" : " days") : Math.abs(left.toHours()) + " hours";
        return left.isNegative() ? "overdue by " + amount : amount + " left";
    }

    public boolean overdue() {
        return c.snapshot().isOverdue(now);
    }

    public String at(Instant instant) {
        return instant == null ? "" : SHOWN.format(instant);
    }

    public String cc() {
        return String.join(", ", c.developer().ccEmails());
    }
}
