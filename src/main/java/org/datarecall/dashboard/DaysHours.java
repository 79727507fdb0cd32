package org.datarecall.dashboard;

import java.time.Duration;

import org.datarecall.campaign.Durations;
import org.datarecall.platform.http.Violations;

/**
 * Durations as people type and read them on the staff pages: days and hours, not ISO-8601. The API keeps
 * ISO-8601 (the policy's stored form); this class turns the page's fields into it and back.
 */
final class DaysHours {

    static final long MAX_DAYS = 3650;

    private DaysHours() {
    }

    /**
     * The ISO-8601 duration of a days and an hours field; {@code iso} (a field given as ISO-8601, as older
     * forms and scripts post it) when both are empty; null when all are empty (the default applies). A
     * number that is not a whole one from 0 is added to {@code v} under {@code field}.
     */
    static String iso(String field, String days, String hours, String iso, Violations v) {
        if (blank(days) && blank(hours)) {
            return blank(iso) ? null : iso.strip();
        }
        Long d = whole(days, MAX_DAYS);
        Long h = whole(hours, MAX_DAYS * 24);
        if (d == null || h == null) {
            v.add(field, "days and hours must be whole numbers from 0 (days up to " + MAX_DAYS + ")");
            return null;
        }
        return Durations.format(Duration.ofDays(d).plusHours(h));
    }

    /** Reminder offsets as typed: whole days from the deadline ("-7, -1, 3"), or ISO-8601 as before. */
    static String offset(String typed) {
        String t = typed.strip();
        return t.matches("[+-]?\\d{1,4}") ? (t.startsWith("-") ? "-P" + t.substring(1) + "D"
                : "P" + (t.startsWith("+") ? t.substring(1) : t) + "D") : t;
    }

    /** The whole days of an ISO-8601 duration, for the days field; empty when there is none or it is unreadable. */
    static String days(String iso) {
        Duration d = Durations.parseOrNull(iso);
        return d == null ? "" : Long.toString(d.toDays());
    }

    /** The hours beyond the whole days, for the hours field; empty when none. */
    static String hours(String iso) {
        Duration d = Durations.parseOrNull(iso);
        return d == null || d.toHoursPart() == 0 ? "" : Integer.toString(d.toHoursPart());
    }

    /** A duration in words: "30 days", "1 day 6 hours", "12 hours", "none"; a negative one "… before". */
    static String words(String iso) {
        Duration d = Durations.parseOrNull(iso);
        if (d == null) {
            return iso == null ? "" : iso;
        }
        boolean before = d.isNegative();
        Duration a = d.abs();
        StringBuilder s = new StringBuilder();
        if (a.toDays() > 0) {
            s.append(a.toDays()).append(a.toDays() == 1 ? " day" : " days");
        }
        if (a.toHoursPart() > 0) {
            s.append(s.isEmpty() ? "" : " ").append(a.toHoursPart()).append(a.toHoursPart() == 1 ? " hour" : " hours");
        }
        if (a.toMinutesPart() > 0 || s.isEmpty() && !a.isZero()) {
            s.append(s.isEmpty() ? "" : " ").append(a.toMinutesPart()).append(" min");
        }
        if (s.isEmpty()) {
            return "none";
        }
        return before ? s + " before" : s.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Long whole(String text, long max) {
        if (blank(text)) {
            return 0L;
        }
        try {
            long n = Long.parseLong(text.strip());
            return n < 0 || n > max ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
