package org.datarecall.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored attestation. Its digest is the SHA-256 (hex) of the UTF-8 bytes of {@code canonical}:
 * the RFC 8785 canonical JSON of the statement's members plus {@code attestationId},
 * {@code caseId}, {@code campaignId}, {@code round}, {@code receivedAt}, {@code late}, the attached
 * files ({@code evidence}: each one's id, name, type, size and SHA-256, in the order given) and how
 * the signatory was verified ({@code signatoryVerification}, {@code signatoryVerifiedAt}).
 * {@code deletedAt} repeats the statement's, for the findings check that reads it in SQL.
 */
public record Attestation(UUID id, UUID caseId, UUID campaignId, int round, UUID linkId, Instant receivedAt,
        boolean late, String canonical, String sha256, String clientIp, String userAgent, Instant deletedAt) {

    public static Attestation of(UUID id, UUID caseId, UUID campaignId, int round, UUID linkId, Instant receivedAt,
            boolean late, Statement statement, List<EvidenceFile> evidence, Instant signatoryVerifiedAt,
            String clientIp, String userAgent) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("attestationId", id.toString());
        members.put("caseId", caseId.toString());
        members.put("campaignId", campaignId.toString());
        members.put("round", round);
        members.put("receivedAt", receivedAt.toString());
        members.put("late", late);
        members.putAll(statement.members());
        members.put("evidence", evidence.stream().map(EvidenceFile::members).toList());
        members.put("signatoryVerification", SignatoryCodes.METHOD);
        members.put("signatoryVerifiedAt", signatoryVerifiedAt.toString());
        String canonical = CanonicalJson.write(members);
        return new Attestation(id, caseId, campaignId, round, linkId, receivedAt, late, canonical, sha256(canonical),
                clientIp, userAgent, statement.deletedAt());
    }

    public static String sha256(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
