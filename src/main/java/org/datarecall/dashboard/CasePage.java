package org.datarecall.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.datarecall.campaign.Campaign;
import org.datarecall.casework.AccessFacts;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseMachine;
import org.datarecall.evidence.StoredEvent;
import org.datarecall.notice.NoticeView;
import org.datarecall.portal.Attestation;
import org.datarecall.portal.EvidenceFile;

/**
 * Everything the case page shows, and the actions this user may take in this state. {@code form} is
 * the action form that was just refused for its fields, shown again as typed with each problem
 * beside its field; null otherwise. {@code parent} is the case that named this one as a third party it
 * passed the data on to, {@code subCases} the third parties this one named.
 */
public record CasePage(Staff staff, Campaign campaign, CaseRecord c, List<StoredEvent> events, List<NoticeView> notices,
        List<Attestation> attestations, List<EvidenceFile> evidence, AccessFacts access, String message, boolean refused, Instant now,
        RefusedForm form, CaseRecord parent, List<CaseRecord> subCases) {

    /** The files an attestation attached, oldest first. */
    public List<EvidenceFile> filesOf(Attestation a) {
        return evidence.stream().filter(f -> a.id().equals(f.attestationId())).toList();
    }

    /** The files the developer sent for an auditor's requests, outside any attestation, oldest first. */
    public List<EvidenceFile> suppliedFiles() {
        return evidence.stream().filter(EvidenceFile::supplied).toList();
    }

    /** Where staff download a file from the page (the API's answer, as an attachment). */
    public String download(EvidenceFile f) {
        return "/dashboard/downloads/cases/" + c.id() + "/evidence/" + f.id();
    }


    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
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

    /** A day of the platform's records (stored as its UTC start). */
    public String day(Instant dayStart) {
        return dayStart == null ? "—" : DAY.format(dayStart);
    }

    public String cc() {
        return String.join(", ", c.developer().ccEmails());
    }

    /** An action's form as it was sent, and the first problem of each of its fields. */
    public record RefusedForm(String action, Map<String, String> values, Map<String, String> errors) {
    }

    /** What was typed into a field of the refused form, or nothing. */
    public String entered(String action, String field) {
        return isRefused(action) ? Objects.requireNonNullElse(form.values().get(field), "") : "";
    }

    /** Whether the refused form had this choice selected. */
    public boolean chosen(String action, String field, String value) {
        return isRefused(action) && value.equals(form.values().get(field));
    }

    public String error(String action, String field) {
        return isRefused(action) ? form.errors().get(field) : null;
    }

    /** The case's Cc addresses as the update-contact form shows them. */
    public String ccList() {
        return String.join(", ", c.developer().ccEmails());
    }

    public boolean isRefused(String action) {
        return form != null && form.action().equals(action);
    }
}
