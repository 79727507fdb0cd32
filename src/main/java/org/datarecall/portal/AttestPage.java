package org.datarecall.portal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the portal page shows. {@code errors} are by form field (the first problem of each);
 * {@code notice} is a message for the whole page, e.g. why a submission was not taken;
 * {@code delegation} is the hand-over form as typed when it was refused, or null.
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
        Delegations.Request delegation) {

    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The declaration the signatory confirms; its SHA-256 is recorded with the attestation. */
    public String declaration() {
        return SignatoryDeclaration.TEXT;
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
        return portal.dueAt() == null ? "" : SHOWN.format(portal.dueAt());
    }

    /** "12 days left", "3 hours left" or "overdue by 2 days". */
    public String timeLeft() {
        if (portal.dueAt() == null) {
            return "";
        }
        Duration left = Duration.between(now, portal.dueAt());
        String amount = amount(left.abs());
        return left.isNegative() ? "overdue by " + amount : amount + " left";
    }

    public String receivedAt() {
        return portal.receipt() == null ? "" : SHOWN.format(portal.receipt().receivedAt());
    }

    public String exposure() {
        var c = portal.campaign();
        if (c.exposureStart() == null) {
            return "";
        }
        return SHOWN.format(c.exposureStart()) + (c.exposureEnd() == null ? "" : " to " + SHOWN.format(c.exposureEnd()));
    }

    private static String amount(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        return Math.max(1, d.toMinutes()) + " minutes";
    }
}
