package org.datarecall.portal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A checked attestation: what the developer declares, normalised (trimmed, lists without blanks).
 * {@code evidence} are the ids of the files it attaches, in its order; what they hold enters the
 * canonical form from their stored rows (see {@link Attestation#of}).
 */
public record Statement(
        AttestationKind kind,
        String signatoryName,
        String signatoryTitle,
        String signatoryEmail,
        List<String> dataCategories,
        Instant deletedAt,
        SanitizationMethod method,
        List<String> systems,
        boolean backupsCovered,
        boolean sharedWithThirdParties,
        List<ThirdParty> thirdParties,
        String retained,
        String verification,
        String statement,
        String authority,
        List<UUID> evidence) {

    /** The members as the canonical form and the API show them; absent optional text is null. */
    public Map<String, Object> members() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.name());
        m.put("signatoryName", signatoryName);
        m.put("signatoryTitle", signatoryTitle);
        m.put("signatoryEmail", signatoryEmail);
        m.put("dataCategories", dataCategories);
        m.put("deletedAt", deletedAt == null ? null : deletedAt.toString());
        m.put("method", method.name());
        m.put("systems", systems);
        m.put("backupsCovered", backupsCovered);
        m.put("sharedWithThirdParties", sharedWithThirdParties);
        m.put("thirdParties", thirdParties.stream().map(ThirdParty::shown).toList());
        m.put("retained", retained);
        m.put("verification", verification);
        m.put("statement", statement);
        m.put("agreed", true);
        m.put("authority", authority);
        m.put("declarationSha256", SignatoryDeclaration.SHA256);
        return m;
    }
}
