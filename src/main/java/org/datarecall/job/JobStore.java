package org.datarecall.job;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The job tables (V28): jobs, their claims and progress, their errors and an async import's upload. */
@ApplicationScoped
public class JobStore {

    /** The size of a stored chunk of an upload; a run holds one at a time. */
    static final int CHUNK = 1024 * 1024;

    private static final String COLUMNS = "id, kind, campaign_id, state, created_by, request::text AS request, unit, "
            + "total, done, changed, errors, result::text AS result, detail, attempts, created_at, started_at, "
            + "finished_at";

    @Inject
    Jdbc jdbc;

    public Job create(JobKind kind, UUID campaignId, String createdBy, String requestJson, String unit, Long total,
            Instant now) {
        UUID id = Ids.newId(now);
        jdbc.update("INSERT INTO dr_job (id, kind, campaign_id, state, created_by, request, unit, total, created_at) "
                + "VALUES (?, ?, ?, 'QUEUED', ?, ?::jsonb, ?, ?, ?)", id, kind.name(), campaignId, createdBy,
                requestJson, unit, total, now);
        return find(id).orElseThrow();
    }

    public Optional<Job> find(UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_job WHERE id = ?", JobStore::map, id);
    }

    /**
     * Claims the oldest open job nobody holds (never claimed, or its holder's lease ran out): one
     * statement, {@code SKIP LOCKED}, so replicas claiming at once take different jobs.
     */
    public Optional<Job> claim(String owner, Instant now, Duration lease) {
        return jdbc.one("UPDATE dr_job SET state = 'RUNNING', lease_owner = ?, lease_until = ?, attempts = attempts + 1, "
                + "started_at = coalesce(started_at, ?) WHERE id = (SELECT id FROM dr_job "
                + "WHERE state IN ('QUEUED', 'RUNNING') AND (lease_until IS NULL OR lease_until < ?) "
                + "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS, JobStore::map,
                owner, now.plus(lease), now, now);
    }

    /** Keeps the job for another lease; false when another replica has taken it over or it is finished. */
    public boolean renew(JobLease lease, Instant now, Duration length) {
        return jdbc.update("UPDATE dr_job SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'RUNNING'",
                now.plus(length), lease.jobId(), lease.owner()) == 1;
    }

    /**
     * Locks the job's row until the caller's transaction ends, if this lease still holds it: work done
     * under this lock commits with its progress, and no other holder can do the same piece meanwhile.
     */
    public Optional<Job> lockHeld(JobLease lease) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_job WHERE id = ? AND lease_owner = ? AND state = 'RUNNING' "
                + "FOR UPDATE", JobStore::map, lease.jobId(), lease.owner());
    }

    /** The job if this lease still holds it, without locking it. */
    public Optional<Job> held(JobLease lease) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_job WHERE id = ? AND lease_owner = ? AND state = 'RUNNING'",
                JobStore::map, lease.jobId(), lease.owner());
    }

    /** The lease no longer holds the job: the caller's transaction must roll back whole. */
    public static final class LeaseLost extends RuntimeException {
        public LeaseLost(UUID jobId) {
            super("job " + jobId + " is no longer held by this run", null, false, false);
        }
    }

    /**
     * Adds a batch's counts in the caller's transaction if this lease still holds the job (else
     * {@link LeaseLost}); answers the errors counted before it, from which its own are numbered. The row
     * stays locked until the batch commits, so counts and work go in together.
     */
    public long addProgress(JobLease lease, long done, long changed, long errors) {
        return jdbc.one("UPDATE dr_job SET done = done + ?, changed = changed + ?, errors = errors + ? "
                + "WHERE id = ? AND lease_owner = ? AND state = 'RUNNING' RETURNING errors - ?", rs -> rs.getLong(1),
                done, changed, errors, lease.jobId(), lease.owner(), errors)
                .orElseThrow(() -> new LeaseLost(lease.jobId()));
    }

    /** Adds to the job's counts (the caller holds the row: {@link #lockHeld}); a non-null total replaces it. */
    public void progress(UUID jobId, Long total, long done, long changed, long errors) {
        jdbc.update("UPDATE dr_job SET total = coalesce(?, total), done = done + ?, changed = changed + ?, "
                + "errors = errors + ? WHERE id = ?", total, done, changed, errors, jobId);
    }

    /** Sets how far an upload has been read (progress that is not committed with work of its own). */
    public void readSoFar(JobLease lease, long done) {
        jdbc.update("UPDATE dr_job SET done = greatest(done, ?) WHERE id = ? AND lease_owner = ? AND state = 'RUNNING'",
                done, lease.jobId(), lease.owner());
    }

    /**
     * Ends the job if this lease still holds it, with its result (JSON) or why it failed; the upload and
     * any cases still queued go with it. False when another replica holds it now.
     */
    public boolean finish(JobLease lease, JobState state, String resultJson, String detail, Instant now) {
        int n = jdbc.update("UPDATE dr_job SET state = ?, result = ?::jsonb, detail = ?, finished_at = ?, "
                + "lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND state = 'RUNNING'",
                state.name(), resultJson, detail, now, lease.jobId(), lease.owner());
        if (n == 1) {
            dropWork(lease.jobId());
        }
        return n == 1;
    }

    /** Ends a job nobody can run any more (given up after its attempts), whoever held it. */
    public void abandon(UUID jobId, String detail, Instant now) {
        jdbc.update("UPDATE dr_job SET state = 'FAILED', detail = ?, finished_at = ?, lease_owner = NULL, "
                + "lease_until = NULL WHERE id = ? AND state IN ('QUEUED', 'RUNNING')", detail, now, jobId);
        dropWork(jobId);
    }

    /** What an ended job no longer needs: its upload and the cases it still had queued. */
    private void dropWork(UUID jobId) {
        jdbc.update("DELETE FROM dr_job_upload WHERE job_id = ?", jobId);
        jdbc.update("DELETE FROM dr_job_item WHERE job_id = ?", jobId);
    }

    /** Appends errors numbered on from the job's count (the caller holds the row and adds them to it). */
    public void addErrors(UUID jobId, long countBefore, List<JobError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        jdbc.withConnection(con -> {
            try (PreparedStatement ps = con.prepareStatement(
                    "INSERT INTO dr_job_error (job_id, n, ref, field, message) VALUES (?, ?, ?, ?, ?)")) {
                long n = countBefore;
                for (JobError e : errors) {
                    Jdbc.bind(ps, jobId, ++n, e.ref(), e.field(), e.message());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** One page of a job's errors in the order found, after number {@code afterN}. */
    public List<JobError> errors(UUID jobId, long afterN, int limit) {
        return jdbc.list("SELECT n, ref, field, message FROM dr_job_error WHERE job_id = ? AND n > ? ORDER BY n LIMIT ?",
                rs -> new JobError(rs.getLong("n"), rs.getString("ref"), rs.getString("field"), rs.getString("message")),
                jobId, afterN, limit);
    }

    /** Stores an upload as it streams in, in chunks; answers its size in bytes. */
    public long writeUpload(UUID jobId, InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        int n = 0;
        while (true) {
            int length = in.readNBytes(buffer, 0, CHUNK);
            if (length == 0) {
                return size;
            }
            byte[] bytes = length == CHUNK ? buffer : Arrays.copyOf(buffer, length);
            jdbc.update("INSERT INTO dr_job_upload (job_id, n, bytes) VALUES (?, ?, ?)", jobId, n++, bytes);
            size += length;
        }
    }

    /** The stored upload as one stream, read a chunk at a time. */
    public InputStream upload(UUID jobId) {
        int chunks = jdbc.one("SELECT count(*) FROM dr_job_upload WHERE job_id = ?", rs -> rs.getInt(1), jobId)
                .orElse(0);
        Enumeration<InputStream> parts = new Enumeration<>() {
            int next;

            @Override
            public boolean hasMoreElements() {
                return next < chunks;
            }

            @Override
            public InputStream nextElement() {
                int n = next++;
                byte[] bytes = jdbc.one("SELECT bytes FROM dr_job_upload WHERE job_id = ? AND n = ?",
                        rs -> rs.getBytes(1), jobId, n).orElseThrow(() -> new IllegalStateException(
                                "job " + jobId + " lost chunk " + n + " of its upload"));
                return new ByteArrayInputStream(bytes);
            }
        };
        return new SequenceInputStream(parts);
    }

    static Job map(ResultSet rs) throws SQLException {
        return new Job(SqlValues.uuid(rs, "id"), JobKind.valueOf(rs.getString("kind")), SqlValues.uuid(rs, "campaign_id"),
                JobState.valueOf(rs.getString("state")), rs.getString("created_by"), rs.getString("request"),
                rs.getString("unit"), SqlValues.longOrNull(rs, "total"), rs.getLong("done"), rs.getLong("changed"),
                rs.getLong("errors"), rs.getString("result"), rs.getString("detail"), rs.getInt("attempts"),
                SqlValues.instant(rs, "created_at"), SqlValues.instant(rs, "started_at"),
                SqlValues.instant(rs, "finished_at"));
    }
}
