package org.datarecall.dashboard;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.datarecall.campaign.CampaignRequest;
import org.datarecall.campaign.PolicyDocument;
import org.datarecall.platform.http.Violations;

/**
 * The new-campaign form as typed: categories one per line, reminder offsets separated by commas (whole
 * days from the deadline, or ISO-8601), times in UTC as a browser's date-time field sends them, durations
 * as ISO-8601 once their days and hours fields are read ({@link DaysHours}). Empty policy fields take
 * their defaults.
 */
public record CampaignForm(String title, String description, String dataCategories, String detectedAt,
        String exposureStart, String exposureEnd, String attestationWindow, String reminderOffsets,
        String escalateAfter, String deletionRequestDelay, String recentAccessWindow, String auditMode,
        String sampleRate, String alwaysAuditHighRisk, String maxReRequests) {

    public static CampaignForm empty() {
        return new CampaignForm("", "", "", "", "", "", "", "", "", "", "", "SAMPLE", "", "on", "");
    }

    /** The API request this form stands for; unreadable times and numbers are added to {@code v}. */
    CampaignRequest toRequest(Violations v) {
        PolicyDocument.AuditDocument audit = new PolicyDocument.AuditDocument(blankToNull(auditMode),
                number("sampleRate", sampleRate, v), "on".equals(alwaysAuditHighRisk));
        Double retries = number("maxReRequests", maxReRequests, v);
        PolicyDocument policy = new PolicyDocument(blankToNull(attestationWindow), offsets(), blankToNull(escalateAfter),
                blankToNull(deletionRequestDelay), blankToNull(recentAccessWindow), audit,
                retries == null ? null : retries.intValue());
        return new CampaignRequest(title, Violations.fromForm(description), lines(dataCategories),
                time("detectedAt", detectedAt, v),
                time("exposureStart", exposureStart, v), time("exposureEnd", exposureEnd, v), policy);
    }

    /** Form field names for the API's violation paths ("policy.audit.sampleRate" → "sampleRate"). */
    static String field(String apiField) {
        String f = apiField.replaceFirst("^policy\\.", "").replaceFirst("^audit\\.", "").replaceAll("\\[\\d+]$", "");
        return Map.of("mode", "auditMode").getOrDefault(f, f);
    }

    /** The whole days of a duration field (its name, e.g. "attestationWindow"), for the page's days input. */
    public String days(String field) {
        return DaysHours.days(duration(field));
    }

    /** The hours beyond the days of a duration field, for the page's hours input. */
    public String hours(String field) {
        return DaysHours.hours(duration(field));
    }

    /** The reminder offsets in whole days where they are whole days ("-7, -1, 3"), else as typed. */
    public String reminderDays() {
        List<String> offsets = offsets();
        if (offsets == null) {
            return "";
        }
        return String.join(", ", offsets.stream().map(o -> {
            java.time.Duration d = org.datarecall.campaign.Durations.parseOrNull(o);
            return d != null && d.toSecondsPart() == 0 && d.toMinutesPart() == 0 && d.toHoursPart() == 0
                    ? Long.toString(d.toDays()) : o;
        }).toList());
    }

    private String duration(String field) {
        return switch (field) {
            case "attestationWindow" -> attestationWindow;
            case "escalateAfter" -> escalateAfter;
            case "deletionRequestDelay" -> deletionRequestDelay;
            case "recentAccessWindow" -> recentAccessWindow;
            default -> throw new IllegalArgumentException(field + " is no duration field");
        };
    }

    public boolean isMode(String mode) {
        return mode.equals(auditMode);
    }

    public boolean highRisk() {
        return "on".equals(alwaysAuditHighRisk);
    }

    private List<String> offsets() {
        if (reminderOffsets == null || reminderOffsets.isBlank()) {
            return null;
        }
        return Arrays.stream(reminderOffsets.split("[,\\s]+")).filter(s -> !s.isBlank()).map(DaysHours::offset).toList();
    }

    private static List<String> lines(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Instant time(String field, String text, Violations v) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException again) {
                v.add(field, "must be a date and time (UTC)");
                return null;
            }
        }
    }

    private static Double number(String field, String text, Violations v) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            v.add(field, "must be a number");
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
