package org.datarecall.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.platform.i18n.Language;

/**
 * Everything the portal page shows. {@code errors} are by form field (the first problem of each);
 * {@code notice} is a message for the whole page, e.g. why a submission was not taken;
 * {@code delegation} is the hand-over form as typed when it was refused, or null; {@code lang} and
 * {@code text} are the case's language and the page's words in it.
 */
public record AttestPage(
        String token,
        PortalCase portal,
        AttestForm form,
        List<EvidenceFile> uploads,
        Map<String, String> errors,
        String notice,
        long maxFileBytes,
        Instant now,
        Delegations.Request delegation,
        Language lang,
        PortalText text) {

    /** The declaration's binding English wording; its SHA-256 is recorded with the attestation. */
    public String declaration() {
        return SignatoryDeclaration.TEXT;
    }

    /** The page's language tag ({@code lang} of its HTML). */
    public String language() {
        return lang.tag();
    }

    /** Whether the page is not in English: it then also shows the declaration's binding English wording. */
    public boolean translated() {
        return lang != Language.EN;
    }

    public long codeMinutes() {
        return SignatoryCodes.VALID_FOR.toMinutes();
    }

    /** The case's state in the page's words. */
    public String stateName() {
        return switch (CaseState.valueOf(portal.state())) {
            case PENDING -> text.statePENDING();
            case NOTIFIED -> text.stateNOTIFIED();
            case DELETION_REQUESTED -> text.stateDELETION_REQUESTED();
            case ATTESTED -> text.stateATTESTED();
            case AUDIT_PENDING -> text.stateAUDIT_PENDING();
            case VERIFIED -> text.stateVERIFIED();
            case ESCALATED -> text.stateESCALATED();
            case ENFORCED -> text.stateENFORCED();
            case WITHDRAWN -> text.stateWITHDRAWN();
        };
    }

    public String maxFileSize() {
        return EvidenceFile.shown(maxFileBytes);
    }

    public String error(String field) {
        return errors.get(field);
    }

    /** A field of the hand-over form as it was typed, or empty. */
    public String delegateValue(String field) {
        if (delegation == null) {
            return "";
        }
        String value = switch (field) {
            case "name" -> delegation.name();
            case "email" -> delegation.email();
            default -> delegation.reason();
        };
        return value == null ? "" : value;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public String deadline() {
        return portal.dueAt() == null ? "" : lang.dateTime(portal.dueAt());
    }

    /** "12 days left", "3 hours left" or "overdue by 2 days". */
    public String timeLeft() {
        if (portal.dueAt() == null) {
            return "";
        }
        Duration left = Duration.between(now, portal.dueAt());
        String amount = amount(left.abs());
        return left.isNegative() ? text.overdueBy(amount) : text.left(amount);
    }

    public String receivedAt() {
        return portal.receipt() == null ? "" : lang.dateTime(portal.receipt().receivedAt());
    }

    public String exposure() {
        var c = portal.campaign();
        if (c.exposureStart() == null) {
            return "";
        }
        return c.exposureEnd() == null ? lang.dateTime(c.exposureStart())
                : text.exposureRange(lang.dateTime(c.exposureStart()), lang.dateTime(c.exposureEnd()));
    }

    private String amount(Duration d) {
        if (d.toDays() >= 2) {
            return text.days(d.toDays());
        }
        if (d.toHours() >= 2) {
            return text.hours(d.toHours());
        }
        return text.minutes(Math.max(1, d.toMinutes()));
    }
}
