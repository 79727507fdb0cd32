package org.datarecall.casework;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.datarecall.campaign.ImportResult;
import org.datarecall.campaign.RowError;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.job.Job;
import org.datarecall.job.JobError;
import org.datarecall.job.JobHandler;
import org.datarecall.job.JobKind;
import org.datarecall.job.JobLease;
import org.datarecall.job.JobState;
import org.datarecall.job.JobStore;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.CountingInputStream;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.Times;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs an import sent with {@code ?async=true}: the stored upload goes through the same import as a
 * synchronous one, all or nothing, and the job ends in the import's own transaction, so an import is
 * stored exactly when its job says SUCCEEDED. A replica that dies mid-import rolls it back; the replica
 * that takes the job over imports the upload from its start. A rejected upload ends FAILED with its row
 * problems as the job's errors.
 */
@ApplicationScoped
public class ImportJob implements JobHandler {

    /** Progress is written every this many bytes read. */
    private static final long PROGRESS_EVERY = 4L * 1024 * 1024;

    /** What an async import stores with its job. */
    public record Stored(UploadFormat format) {
    }

    /** The job was taken over while this replica imported; its work is rolled back. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the job was taken over by another replica", null, false, false);
        }
    }

    @Inject
    JobStore jobs;

    @Inject
    DeveloperImport developerImport;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Override
    public JobKind kind() {
        return JobKind.IMPORT;
    }

    @Override
    public void run(Job job, JobLease lease) {
        try {
            QuarkusTransaction.requiringNew().timeout(3600).run(() -> importWithin(job, lease));
        } catch (LeaseLost e) {
            // the replica holding it now finishes it
        } catch (ProblemException e) {
            rejected(lease, e.detail(), e.extensions());
        } catch (DomainError e) {
            rejected(lease, e.detail(), Map.of());
        }
    }

    private void importWithin(Job job, JobLease lease) {
        try {
            UploadFormat format = json.readValue(job.request(), Stored.class).format();
            long[] told = { 0 };
            InputStream body = new CountingInputStream(jobs.upload(job.id()), read -> {
                if (read - told[0] >= PROGRESS_EVERY) {
                    told[0] = read;
                    // Its own transaction: the import's holds nothing of the job's row until it ends.
                    QuarkusTransaction.requiringNew().run(() -> jobs.readSoFar(lease, read));
                }
            });
            ImportResult result = developerImport.importWithin(job.campaignId(), body, format, job.createdBy());
            jobs.readSoFar(lease, job.total() == null ? 0 : job.total());
            if (!jobs.finish(lease, JobState.SUCCEEDED, json.writeValueAsString(result), null,
                    Times.stored(clock.instant()))) {
                throw new LeaseLost();
            }
        } catch (IOException e) {
            throw new IllegalStateException("job " + job.id() + ": its stored request is unreadable", e);
        }
    }

    /** Ends the job FAILED with the upload's problems listed as its errors; nothing was imported. */
    private void rejected(JobLease lease, String detail, Map<String, Object> problem) {
        QuarkusTransaction.requiringNew().run(() -> {
            Job job = jobs.lockHeld(lease).orElse(null);
            if (job == null) {
                return;
            }
            List<JobError> errors = new ArrayList<>();
            if (problem.get("errors") instanceof List<?> rows) {
                for (Object o : rows) {
                    if (o instanceof RowError r) {
                        errors.add(new JobError(0, Long.toString(r.row()), r.column(), r.message()));
                    }
                }
            }
            long count = problem.get("errorCount") instanceof Long n ? n : errors.size();
            jobs.addErrors(job.id(), 0, errors);
            jobs.progress(job.id(), null, 0, 0, count);
            jobs.finish(lease, JobState.FAILED, null, detail, Times.stored(clock.instant()));
        });
    }
}
