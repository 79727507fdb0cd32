package org.datarecall.portal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A stored evidence file, without its bytes. {@code attestationId} is null until an attestation
 * takes the file, {@code supplementId} until the developer sends it for an audit's request; at most
 * one is ever set, and from then on the file never changes.
 */
public record EvidenceFile(UUID id, UUID caseId, String filename, String contentType, long size, String sha256,
        Instant uploadedAt, UUID attestationId, UUID supplementId) {

    /** Sent for an auditor's request, outside any attestation. */
    public boolean supplied() {
        return supplementId != null;
    }

    /** The size as pages show it. */
    public String shownSize() {
        return shown(size);
    }

    /** A size as people read it: "812 bytes", "14.2 KiB", "3.5 MiB". */
    public static String shown(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** What the upload answers, and what an attestation's canonical form holds of the file. */
    public Map<String, Object> members() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("evidenceId", id.toString());
        m.put("filename", filename);
        m.put("contentType", contentType);
        m.put("size", size);
        m.put("sha256", sha256);
        return m;
    }

    /** The answer to an upload: {@code 201 {evidenceId, sha256, size, contentType, filename}}. */
    public record Uploaded(UUID evidenceId, String sha256, long size, String contentType, String filename) {
        public String shownSize() {
            return shown(size);
        }

        static Uploaded of(EvidenceFile f) {
            return new Uploaded(f.id(), f.sha256(), f.size(), f.contentType(), f.filename());
        }
    }
}
