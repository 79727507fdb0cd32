package org.datarecall.campaign;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** ISO-8601 durations as the API writes them: whole days as {@code P30D}, the rest as {@code PT5H30M}. */
public final class Durations {

    private Durations() {
    }

    /** Parses {@code P30D}, {@code PT12H}, {@code -P7D}; returns null when the text is not such a duration. */
    public static Duration parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "PT0S";
        }
        Duration abs = duration.abs();
        long days = abs.toDays();
        Duration rest = abs.minusDays(days);
        StringBuilder text = new StringBuilder(duration.isNegative() ? "-P" : "P");
        if (days > 0) {
            text.append(days).append('D');
        }
        if (!rest.isZero()) {
            // Duration's own text is "PT..."; keep the time part.
            text.append(rest.toString().substring(1));
        }
        return text.toString();
    }
}
