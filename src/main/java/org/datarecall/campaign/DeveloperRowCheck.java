package org.datarecall.campaign;

import org.datarecall.platform.i18n.Language;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.datarecall.platform.http.Violations;
import org.datarecall.platform.http.EmailAddress;

import org.datarecall.platform.jdbc.Times;

/** Checks one uploaded developer; every problem is reported with its row and column. */
final class DeveloperRowCheck {

    static final int MAX_ID = 200;
    static final int MAX_NAME = 300;
    static final int MAX_EMAIL = 254;
    static final int MAX_APPS = 1000;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final Instant now;

    DeveloperRowCheck(Instant now) {
        this.now = now;
    }

    /** The checked row, or null when any field is bad (the problems are in {@code errors}). */
    DeveloperRow check(RawDeveloper raw, ImportErrors errors) {
        long before = errors.count();
        long row = raw.row();
        String developerId = text(row, "developerId", raw.developerId(), MAX_ID, errors);
        String name = text(row, "name", raw.name(), MAX_NAME, errors);
        String email = email(row, "email", raw.email(), errors);
        List<String> cc = ccEmails(row, raw.ccEmails(), email, errors);
        List<String> apps = appIds(row, raw.appIds(), errors);
        Instant lastAccessAt = lastAccessAt(row, raw.lastAccessAt(), errors);
        Language.Requested language = Language.requested(raw.locale());
        if (language == null) {
            errors.add(row, "locale", "must be a language tag such as de or fr-CA");
        } else if (language.unsupported() != null && language.unsupported().length() > 64) {
            errors.add(row, "locale", "must be at most 64 characters");
        }
        if (errors.count() > before) {
            return null;
        }
        // A language we do not write in is no error: the developer gets English, and the case keeps what was asked.
        return new DeveloperRow(row, developerId, name, email, cc, apps, lastAccessAt, language.language(),
                language.unsupported());
    }

    private static String text(long row, String column, String value, int max, ImportErrors errors) {
        if (value == null || value.isBlank()) {
            errors.add(row, column, "is required");
            return null;
        }
        String trimmed = value.strip();
        if (Violations.characters(trimmed) > max) {
            errors.add(row, column, "must be at most " + max + " characters");
            return null;
        }
        if (CONTROL.matcher(trimmed).find()) {
            errors.add(row, column, "must not contain control characters");
            return null;
        }
        return trimmed;
    }

    private static String email(long row, String column, String value, ImportErrors errors) {
        if (value == null || value.isBlank()) {
            errors.add(row, column, "is required");
            return null;
        }
        String trimmed = value.strip();
        if (!EmailAddress.isValid(trimmed)) {
            errors.add(row, column, "is not a valid email address");
            return null;
        }
        return trimmed;
    }

    private static List<String> ccEmails(long row, List<String> values, String primary, ImportErrors errors) {
        return EmailAddress.ccList(values, primary, problem -> errors.add(row, "ccEmails", problem));
    }

    private static List<String> appIds(long row, List<String> values, ImportErrors errors) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        if (values.size() > MAX_APPS) {
            errors.add(row, "appIds", "must list at most " + MAX_APPS + " app ids");
            return null;
        }
        List<String> checked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            String id = value == null ? "" : value.strip();
            if (id.isEmpty() || Violations.characters(id) > MAX_ID || CONTROL.matcher(id).find()) {
                errors.add(row, "appIds", "each app id must be 1 to " + MAX_ID + " printable characters");
                return null;
            }
            if (seen.add(id)) {
                checked.add(id);
            }
        }
        return List.copyOf(checked);
    }

    private Instant lastAccessAt(long row, String value, ImportErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at = instant(value.strip());
        if (at == null) {
            errors.add(row, "lastAccessAt", "must be an ISO-8601 instant such as 2026-03-01T12:00:00Z, or "
                    + "2026-03-01 12:00[:00] in UTC");
            return null;
        }
        if (at.isAfter(now)) {
            errors.add(row, "lastAccessAt", "must not be in the future");
            return null;
        }
        return Times.stored(at);
    }

    /**
     * An ISO-8601 instant, or the date and time a spreadsheet writes ({@code 2026-03-01 12:00} or
     * {@code 2026-03-01 12:00:00}), read as UTC; null for anything else. Other forms a spreadsheet may
     * write in some locale ({@code 01/03/2026 12:00}) are refused rather than guessed at: day or month first?
     */
    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDateTime.parse(text, SPREADSHEET_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    private static final DateTimeFormatter SPREADSHEET_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm").optionalStart().appendPattern(":ss").optionalEnd()
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
