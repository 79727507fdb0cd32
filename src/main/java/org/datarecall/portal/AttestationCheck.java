package org.datarecall.portal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.datarecall.campaign.Campaign;
import org.datarecall.platform.http.EmailAddress;
import org.datarecall.platform.http.Violation;
import org.datarecall.platform.http.Violations;
import org.datarecall.platform.jdbc.Ids;

/**
 * Checks an attestation against SPEC and the campaign, collecting every problem by field so the
 * developer sees them all at once. Single-line fields refuse every control character (nothing a
 * developer types can reach a mail header as a line break); long texts allow line breaks and tabs.
 */
public final class AttestationCheck {

    static final int MAX_LINE = 200;
    static final int MAX_SYSTEM = 500;
    static final int MAX_SYSTEMS = 100;
    static final int MAX_THIRD_PARTIES = 100;
    static final int MAX_CATEGORIES = 50;
    static final int MAX_NOTE = 2000;
    static final int MAX_STATEMENT = 10_000;
    static final int MAX_AUTHORITY = 2000;
    static final int MAX_EVIDENCE = 20;

    private static final Pattern ANY_CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern CONTROL_BUT_LINES = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");

    private final Campaign campaign;
    private final Instant now;
    private final Violations violations = new Violations();

    public AttestationCheck(Campaign campaign, Instant now) {
        this.campaign = campaign;
        this.now = now;
    }

    /** The checked statement, or a 400 problem listing every invalid field. */
    public Statement check(AttestationRequest r) {
        return check(r, 0, List.of());
    }

    /**
     * The checked statement, or a 400 problem listing every invalid field: its own, fewer than
     * {@code minEvidenceFiles} files attached, and the problems {@code found} elsewhere (the files'
     * and the code's, which need the database), so that one answer lists them all.
     */
    public Statement check(AttestationRequest r, int minEvidenceFiles, List<Violation> found) {
        AttestationKind kind = violations.choice(AttestationKind.class, "kind", r.kind(), true);
        String name = line("signatoryName", r.signatoryName(), MAX_LINE, true);
        String title = line("signatoryTitle", r.signatoryTitle(), MAX_LINE, true);
        String email = line("signatoryEmail", r.signatoryEmail(), EmailAddress.MAX_LENGTH, true);
        if (email != null && !EmailAddress.isValid(email)) {
            violations.add("signatoryEmail", "must be an email address");
        }
        List<String> categories = categories(r.dataCategories());
        Instant deletedAt = deletedAt(kind, r.deletedAt());
        SanitizationMethod method = violations.choice(SanitizationMethod.class, "method", r.method(), true);
        if (kind == AttestationKind.DELETED && method == SanitizationMethod.NOT_APPLICABLE) {
            violations.add("method", "say how the data was deleted: CLEAR, PURGE or DESTROY");
        }
        if (kind == AttestationKind.NEVER_RETAINED && method != null && method != SanitizationMethod.NOT_APPLICABLE) {
            violations.add("method", "must be NOT_APPLICABLE when the data was never retained");
        }
        List<String> systems = list("systems", r.systems(), "system", MAX_SYSTEMS, MAX_SYSTEM);
        if (r.backupsCovered() == null) {
            violations.add("backupsCovered", "is required");
        }
        List<ThirdParty> thirdParties = List.of();
        if (r.sharedWithThirdParties() == null) {
            violations.add("sharedWithThirdParties", "is required");
        } else if (r.sharedWithThirdParties()) {
            thirdParties = thirdParties(r.thirdParties());
        } else if (r.thirdParties() != null && r.thirdParties().stream()
                .anyMatch(p -> p != null && !(p instanceof String s && s.isBlank()))) {
            violations.add("thirdParties", "name third parties only when the data was shared with them");
        }
        String retained = text("retained", r.retained(), MAX_NOTE);
        String verification = text("verification", r.verification(), MAX_NOTE);
        String statement = text("statement", r.statement(), MAX_STATEMENT);
        if (!Boolean.TRUE.equals(r.agreed())) {
            violations.add("agreed", "you must confirm that the statement is true and complete");
        }
        String authority = text("authority", r.authority(), MAX_AUTHORITY);
        if (authority == null) {
            violations.add("authority", "is required: say why you may sign for the developer (your role, a mandate)");
        }
        List<UUID> evidence = evidence(r.evidence(), minEvidenceFiles);
        found.forEach(v -> violations.add(v.field(), v.message()));
        violations.throwIfAny();
        return new Statement(kind, name, title, email, categories, deletedAt, method, systems, r.backupsCovered(),
                r.sharedWithThirdParties(), thirdParties, retained, verification, statement, authority, evidence);
    }

    /** The ids of the attached files: at most 20, each once, at least {@code min}. */
    private List<UUID> evidence(List<String> given, int min) {
        List<String> ids = given == null ? List.of() : given;
        if (ids.size() > MAX_EVIDENCE) {
            violations.add("evidence", "at most " + MAX_EVIDENCE + " files");
            return List.of();
        }
        Set<UUID> seen = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            UUID id = evidenceId(ids.get(i));
            if (id == null) {
                violations.add("evidence[" + i + "]", "is not the id of an uploaded file");
            } else if (!seen.add(id)) {
                violations.add("evidence[" + i + "]", "is listed twice");
            }
        }
        if (seen.size() < min) {
            violations.add("evidence", "attach at least " + min + (min == 1 ? " file" : " files")
                    + " of evidence to this attestation");
        }
        return List.copyOf(seen);
    }

    /** An evidence id as sent, or null when it is not a UUID. */
    static UUID evidenceId(String text) {
        return text == null ? null : Ids.parseOrNull(text.strip());
    }

    private String line(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                violations.add(field, "is required");
            }
            return null;
        }
        String v = value.strip();
        if (Violations.characters(v) > max) {
            violations.add(field, "must be at most " + max + " characters");
        } else if (ANY_CONTROL.matcher(v).find()) {
            violations.add(field, "must be a single line of text");
        }
        return v;
    }

    private String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (Violations.characters(v) > max) {
            violations.add(field, "must be at most " + max + " characters");
        } else if (CONTROL_BUT_LINES.matcher(v).find()) {
            violations.add(field, "must not contain control characters");
        }
        return v;
    }

    private List<String> list(String field, List<String> values, String noun, int maxItems, int maxLength) {
        List<String> kept = new ArrayList<>();
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                if (v == null || v.isBlank()) {
                    continue;
                }
                String s = line(field + "[" + i + "]", v, maxLength, false);
                kept.add(s);
            }
        }
        if (kept.isEmpty()) {
            violations.add(field, "name at least one " + noun);
        } else if (kept.size() > maxItems) {
            violations.add(field, "at most " + maxItems + " entries");
        }
        return List.copyOf(kept);
    }

    /**
     * Each a name, or {name, email}: a name alone as before; with an address, the third party is asked to
     * attest too. An address given twice names one party.
     */
    private List<ThirdParty> thirdParties(List<Object> values) {
        List<ThirdParty> kept = new ArrayList<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; values != null && i < values.size(); i++) {
            String field = "thirdParties[" + i + "]";
            switch (values.get(i)) {
                case null -> { }
                case String s when s.isBlank() -> { }
                case String s -> kept.add(new ThirdParty(line(field, s, MAX_LINE, true), null));
                case Map<?, ?> m -> {
                    if (!Set.of("name", "email").containsAll(m.keySet())) {
                        violations.add(field, "has only a name and an email");
                        continue;
                    }
                    String name = m.get("name") instanceof String n ? line(field + ".name", n, MAX_LINE, true) : null;
                    if (!(m.get("name") instanceof String)) {
                        violations.add(field + ".name", "is required");
                    }
                    String email = m.get("email") instanceof String e && !e.isBlank() ? e.strip() : null;
                    if (m.get("email") != null && (email == null || !EmailAddress.isValid(email))) {
                        violations.add(field + ".email", "must be an email address");
                    }
                    if (email == null || addresses.add(email.toLowerCase(java.util.Locale.ROOT))) {
                        kept.add(new ThirdParty(name, email));
                    }
                }
                default -> violations.add(field, "must be a name or {\"name\", \"email\"}");
            }
        }
        if (kept.isEmpty()) {
            violations.add("thirdParties", "name at least one third party");
        } else if (kept.size() > MAX_THIRD_PARTIES) {
            violations.add("thirdParties", "at most " + MAX_THIRD_PARTIES + " entries");
        }
        return List.copyOf(kept);
    }

    private List<String> categories(List<String> given) {
        if (given == null || given.isEmpty()) {
            violations.add("dataCategories", "confirm every data category of the campaign: "
                    + String.join(", ", campaign.dataCategories()));
            return List.of();
        }
        if (given.size() > MAX_CATEGORIES) {
            violations.add("dataCategories", "at most " + MAX_CATEGORIES + " entries");
            return List.of();
        }
        Set<String> known = Set.copyOf(campaign.dataCategories());
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String c = given.get(i) == null ? "" : given.get(i).strip();
            if (!known.contains(c)) {
                violations.add("dataCategories[" + i + "]", "is not a data category of this campaign");
            } else {
                chosen.add(c);
            }
        }
        List<String> missing = campaign.dataCategories().stream().filter(c -> !chosen.contains(c)).toList();
        if (!missing.isEmpty()) {
            violations.add("dataCategories", "must include every data category of the campaign; missing: "
                    + String.join(", ", missing));
        }
        // In the campaign's order, so the same choice always has the same canonical form.
        return campaign.dataCategories().stream().filter(chosen::contains).toList();
    }

    private Instant deletedAt(AttestationKind kind, String value) {
        boolean given = value != null && !value.isBlank();
        if (kind == AttestationKind.NEVER_RETAINED) {
            if (given) {
                violations.add("deletedAt", "leave empty when the data was never retained");
            }
            return null;
        }
        if (!given) {
            if (kind == AttestationKind.DELETED) {
                violations.add("deletedAt", "is required when the data was deleted");
            }
            return null;
        }
        Instant at = instant(value.strip());
        if (at == null) {
            violations.add("deletedAt", "must be a date and time in UTC, e.g. 2026-11-20T14:30:00Z");
            return null;
        }
        if (at.isAfter(now)) {
            violations.add("deletedAt", "must not be in the future");
        } else if (campaign.exposureStart() != null && at.isBefore(campaign.exposureStart())) {
            violations.add("deletedAt", "must not be before the exposure started (" + campaign.exposureStart() + ")");
        }
        return at;
    }

    /** An ISO-8601 instant, or a date-time without zone (as a browser's date-time field sends it) read as UTC. */
    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
