package org.datarecall.portal;

import org.datarecall.platform.http.Violations;

import java.util.Arrays;
import java.util.List;

/**
 * The portal page's form as the developer filled it in: kept as typed, so a page with errors shows
 * the entered values again. Lists are one entry per line; yes/no questions are radio buttons.
 */
public record AttestForm(
        String kind,
        String signatoryName,
        String signatoryTitle,
        String signatoryEmail,
        List<String> dataCategories,
        String deletedAt,
        String method,
        String systems,
        String backupsCovered,
        String sharedWithThirdParties,
        String thirdParties,
        String retained,
        String verification,
        String statement,
        String agreed,
        List<String> evidence,
        String signatoryCode,
        String authority) {

    public static AttestForm empty() {
        return new AttestForm("", "", "", "", List.of(), "", "", "", "", "", "", "", "", "", "", null, "", "");
    }

    /** An empty form for the signatory who was just sent a code. */
    public static AttestForm signedBy(String signatoryEmail) {
        return new AttestForm("", "", "", signatoryEmail, List.of(), "", "", "", "", "", "", "", "", "", "", null, "",
                "");
    }

    public AttestationRequest toRequest() {
        return new AttestationRequest(blankToNull(kind), signatoryName, signatoryTitle, signatoryEmail,
                dataCategories == null ? List.of() : dataCategories, deletedAt, blankToNull(method), lines(systems),
                yesNo(backupsCovered), yesNo(sharedWithThirdParties), parties(thirdParties),
                Violations.fromForm(retained), Violations.fromForm(verification), Violations.fromForm(statement),
                "yes".equals(agreed), evidence == null ? List.of() : evidence, signatoryCode,
                Violations.fromForm(authority));
    }

    /** Whether an uploaded file is ticked: all are, until the developer sent the form once. */
    public boolean attaches(java.util.UUID evidenceId) {
        return evidence == null || evidence.contains(evidenceId.toString());
    }

    public boolean isKind(String value) {
        return value.equals(kind);
    }

    public boolean isMethod(String value) {
        return value.equals(method);
    }

    public boolean hasCategory(String category) {
        return dataCategories != null && dataCategories.contains(category);
    }

    public boolean backups(String answer) {
        return answer.equals(backupsCovered);
    }

    public boolean shared(String answer) {
        return answer.equals(sharedWithThirdParties);
    }

    public boolean isAgreed() {
        return "yes".equals(agreed);
    }

    private static List<String> lines(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** One third party per line: a name, or "Name <address>" for one who should be asked to attest too. */
    private static List<Object> parties(String text) {
        return lines(text).stream().<Object>map(line -> {
            java.util.regex.Matcher m = PARTY.matcher(line);
            return m.matches() ? java.util.Map.of("name", m.group(1).strip(), "email", m.group(2).strip()) : line;
        }).toList();
    }

    private static final java.util.regex.Pattern PARTY = java.util.regex.Pattern.compile("(.+?)\\s*<([^<>]+)>");

    private static Boolean yesNo(String answer) {
        return switch (answer == null ? "" : answer) {
            case "yes" -> true;
            case "no" -> false;
            default -> null;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
