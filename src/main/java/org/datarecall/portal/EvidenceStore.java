package org.datarecall.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The evidence tables ({@code dr_evidence}, {@code dr_evidence_chunk}): files in, in chunks of
 * 1 MiB, and out the same way, so a file is never whole in memory (ADR 0007). An upload is one
 * transaction: a file refused on its way in (too large, not what it claims) leaves nothing behind.
 */
@ApplicationScoped
public class EvidenceStore {

    /** The size of a stored chunk; a download holds one at a time. */
    static final int CHUNK = 1024 * 1024;
    /** Files nobody attached are removed after this. */
    static final Duration KEPT_UNATTACHED = Duration.ofDays(1);
    /** A slow upload of the largest file still fits in its transaction. */
    private static final int UPLOAD_SECONDS = 600;
    private static final int CLEANUP_BATCH = 1000;

    /** A file no attestation and no supplement took (the cleanup's index has the same condition). */
    private static final String UNATTACHED = "(attestation_id IS NULL AND supplement_id IS NULL)";

    private static final String COLUMNS = "id, case_id, filename, content_type, size, sha256, uploaded_at, attestation_id, supplement_id";

    @Inject
    Jdbc jdbc;

    /** What an upload says about itself: the case and link it came through, its claimed type and name. */
    public record Upload(UUID caseId, UUID linkId, EvidenceType type, String filename, long maxBytes, Instant at) {
    }

    /** Streams the body into the database, checking and hashing it on the way; throws the problem that refused it. */
    public EvidenceFile store(Upload upload, InputStream body) {
        return QuarkusTransaction.requiringNew().timeout(UPLOAD_SECONDS)
                .call(() -> jdbc.withConnection(con -> write(con, upload, body)));
    }

    private static EvidenceFile write(Connection con, Upload upload, InputStream body) throws SQLException {
        UUID id = Ids.newId(upload.at());
        MessageDigest sha256 = sha256();
        TextCheck text = upload.type().isText() ? new TextCheck() : null;
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        int n = 0;
        try (PreparedStatement chunk = con.prepareStatement(
                "INSERT INTO dr_evidence_chunk (evidence_id, n, bytes) VALUES (?, ?, ?)")) {
            while (true) {
                int length = read(body, buffer);
                if (length == 0) {
                    break;
                }
                size += length;
                if (size > upload.maxBytes()) {
                    throw ProblemException.tooLarge(upload.maxBytes());
                }
                if (n == 0 && !upload.type().startsRight(buffer, length) || text != null && !text.feed(buffer, length)) {
                    throw notOfType(upload.type());
                }
                sha256.update(buffer, 0, length);
                chunk.setObject(1, id);
                chunk.setInt(2, n++);
                chunk.setBytes(3, length == CHUNK ? buffer : Arrays.copyOf(buffer, length));
                chunk.executeUpdate();
            }
        }
        if (size == 0) {
            throw refused("the file is empty");
        }
        if (text != null && (!text.finish() || upload.type() == EvidenceType.JSON
                && text.firstSignificant() != '{' && text.firstSignificant() != '[')) {
            throw notOfType(upload.type());
        }
        EvidenceFile file = new EvidenceFile(id, upload.caseId(), upload.filename(), upload.type().mediaType(), size,
                HexFormat.of().formatHex(sha256.digest()), upload.at(), null, null);
        Jdbc.update(con, "INSERT INTO dr_evidence (id, case_id, link_id, filename, content_type, size, sha256, "
                + "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, file.caseId(), upload.linkId(), file.filename(),
                file.contentType(), size, file.sha256(), file.uploadedAt());
        return file;
    }

    private static int read(InputStream body, byte[] buffer) {
        try {
            return body.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException("the upload broke off", e);
        }
    }

    /** A file of a case, attached or not. */
    public Optional<EvidenceFile> find(UUID caseId, UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_evidence WHERE id = ? AND case_id = ?", EvidenceStore::map,
                id, caseId);
    }

    /** Writes a file's bytes, one chunk read at a time. */
    public void copy(EvidenceFile file, OutputStream out) throws IOException {
        long chunks = (file.size() + CHUNK - 1) / CHUNK;
        for (int n = 0; n < chunks; n++) {
            byte[] bytes = jdbc.one("SELECT bytes FROM dr_evidence_chunk WHERE evidence_id = ? AND n = ?",
                    rs -> rs.getBytes(1), file.id(), n)
                    .orElseThrow(() -> new IOException("evidence " + file.id() + " lost a chunk"));
            out.write(bytes);
        }
    }

    /** The files, locked until the caller's transaction ends (so the cleanup cannot take one being attached). */
    Map<UUID, EvidenceFile> lockAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_evidence WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE",
                EvidenceStore::map, (Object) SqlValues.texts(ids)).stream()
                .collect(Collectors.toMap(EvidenceFile::id, Function.identity()));
    }

    /** Gives files to their attestations; each was locked and found unattached in this transaction. */
    void attach(Map<UUID, UUID> attestationByFile) {
        if (attestationByFile.isEmpty()) {
            return;
        }
        int attached = jdbc.update("UPDATE dr_evidence e SET attestation_id = v.attestation_id "
                + "FROM unnest(?::uuid[], ?::uuid[]) AS v(id, attestation_id) "
                + "WHERE e.id = v.id AND e.attestation_id IS NULL AND e.supplement_id IS NULL",
                SqlValues.texts(attestationByFile.keySet()), SqlValues.texts(attestationByFile.values()));
        if (attached != attestationByFile.size()) {
            throw new IllegalStateException("evidence files changed while locked");
        }
    }

    /** The files an attestation took, in the order it lists them. */
    public List<EvidenceFile> attachedTo(UUID attestationId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_evidence WHERE attestation_id = ? ORDER BY uploaded_at, id",
                EvidenceStore::map, attestationId);
    }

    /** Every attached file of a case (to an attestation or sent for an audit), oldest first. */
    public List<EvidenceFile> attachedOfCase(UUID caseId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_evidence WHERE case_id = ? AND NOT " + UNATTACHED
                + " ORDER BY uploaded_at, id", EvidenceStore::map, caseId);
    }

    /** The files sent for an audit under one supplement, oldest first. */
    public List<EvidenceFile> supplied(UUID supplementId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_evidence WHERE supplement_id = ? ORDER BY uploaded_at, id",
                EvidenceStore::map, supplementId);
    }

    /**
     * Every file sent for an audit in a campaign (or in one case of it, when {@code caseId} is given), by
     * case and upload time: one query, for the evidence pack.
     */
    public List<EvidenceFile> suppliedInCampaign(UUID campaignId, UUID caseId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_evidence e WHERE e.supplement_id IS NOT NULL "
                + "AND (?::uuid IS NULL OR e.case_id = ?::uuid) AND EXISTS (SELECT 1 FROM dr_case c "
                + "WHERE c.id = e.case_id AND c.campaign_id = ?) ORDER BY e.case_id, e.uploaded_at, e.id",
                EvidenceStore::map, caseId, caseId, campaignId);
    }

    /** Gives files to the developer's supplement; each was locked and found unattached in this transaction. */
    void supply(Collection<UUID> files, UUID supplementId) {
        int attached = jdbc.update("UPDATE dr_evidence SET supplement_id = ? WHERE id = ANY(?::uuid[]) AND "
                + UNATTACHED, supplementId, SqlValues.texts(files));
        if (attached != files.size()) {
            throw new IllegalStateException("evidence files changed while locked");
        }
    }

    /** The case's files still waiting for an attestation (the cleanup has not taken them yet), oldest first. */
    public List<EvidenceFile> waiting(UUID caseId, Instant now) {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_evidence WHERE case_id = ? AND " + UNATTACHED
                + " AND uploaded_at >= ? ORDER BY uploaded_at, id LIMIT 100", EvidenceStore::map, caseId,
                now.minus(KEPT_UNATTACHED));
    }

    /** How many files of the case wait for an attestation (the old ones too, until the cleanup takes them). */
    public long waitingCount(UUID caseId) {
        return jdbc.one("SELECT count(*) FROM dr_evidence WHERE case_id = ? AND " + UNATTACHED,
                rs -> rs.getLong(1), caseId).orElse(0L);
    }

    /**
     * Removes files nobody attached within a day, with their chunks, in batches. Safe on every replica
     * at once: rows another replica (or an attestation) holds are skipped, and a file attached meanwhile
     * no longer matches. Answers how many files went.
     */
    public int removeUnattached(Instant now) {
        Instant before = now.minus(KEPT_UNATTACHED);
        int total = 0;
        int removed;
        do {
            removed = QuarkusTransaction.requiringNew().call(() -> jdbc.update(
                    "DELETE FROM dr_evidence WHERE id IN (SELECT id FROM dr_evidence WHERE " + UNATTACHED
                            + " AND uploaded_at < ? ORDER BY uploaded_at LIMIT ? FOR UPDATE SKIP LOCKED) AND "
                            + UNATTACHED, before, CLEANUP_BATCH));
            total += removed;
        } while (removed == CLEANUP_BATCH);
        return total;
    }

    private static EvidenceFile map(ResultSet rs) throws SQLException {
        return new EvidenceFile(SqlValues.uuid(rs, "id"), SqlValues.uuid(rs, "case_id"), rs.getString("filename"),
                rs.getString("content_type"), rs.getLong("size"), rs.getString("sha256"),
                SqlValues.instant(rs, "uploaded_at"), SqlValues.uuid(rs, "attestation_id"),
                SqlValues.uuid(rs, "supplement_id"));
    }

    static ProblemException notOfType(EvidenceType type) {
        return refused("the content is not " + switch (type) {
            case PDF -> "a PDF document";
            case PNG -> "a PNG image";
            case JPEG -> "a JPEG image";
            case TEXT -> "plain text in UTF-8";
            case CSV -> "CSV text in UTF-8";
            case JSON -> "JSON in UTF-8";
        } + ", as its Content-Type says");
    }

    static ProblemException refused(String detail) {
        return new ProblemException(400, "evidence-refused", "Evidence file refused", detail);
    }

    static ProblemException unsupported() {
        return new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                "evidence files must be one of: " + EvidenceType.allowed());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
