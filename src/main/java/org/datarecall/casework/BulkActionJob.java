package org.datarecall.casework;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.job.Job;
import org.datarecall.job.JobError;
import org.datarecall.job.JobHandler;
import org.datarecall.job.JobKind;
import org.datarecall.job.JobLease;
import org.datarecall.job.JobState;
import org.datarecall.job.JobStore;
import org.datarecall.platform.concurrent.WorkerThreads;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;
import org.datarecall.platform.jdbc.Times;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs a bulk action in steps, each its own transaction under the job's row lock:
 each takes a batch of the cases queued when the job was asked for ({@link BulkActions#start}) off
 * the queue (batches side by side take disjoint cases), locks them, plans each through the same checks and state machine as a single action, stores
 * the plans in set-based writes and adds the refusals and the counts to the job — all in one commit. A
 * replica that dies mid-step leaves the step undone and the queue as it was; whoever takes the job over
 * does that batch, never one twice. Once the queue is empty, the job ends under its row lock.
 */
@ApplicationScoped
public class BulkActionJob implements JobHandler {

    @Inject
    JobStore jobs;

    @Inject
    CaseRepository cases;

    @Inject
    CampaignRepository campaigns;

    @Inject
    StaffCommandPlanner planner;

    @Inject
    TransitionStore store;

    @Inject
    Jdbc jdbc;

    @Inject
    ObjectMapper json;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    private final WorkerThreads workers = new WorkerThreads("datarecall-bulk-batch",
            () -> config.jobs().parallelBatches());

    @Override
    public JobKind kind() {
        return JobKind.BULK_ACTION;
    }

    @Override
    public void run(Job job, JobLease lease) {
        int batchSize = config.jobs().batchSize();
        int parallel = Math.max(1, config.jobs().parallelBatches());
        while (true) {
            List<Future<?>> running = new ArrayList<>(parallel);
            for (int i = 0; i < parallel; i++) {
                running.add(workers.get().submit(() -> {
                    while (step(lease, batchSize)) {
                        // each step commits on its own
                    }
                }));
            }
            for (Future<?> f : running) {
                await(f);
            }
            if (finishIfDone(lease)) {
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        workers.stop(true);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * One batch in its own transaction; answers whether there may be more to take under this lease.
     * Batches of one job run side by side ({@code datarecall.jobs.parallel-batches}): each takes cases no
     * other holds ({@code SKIP LOCKED}) and commits them with its counts only while this lease still holds.
     */
    boolean step(JobLease lease, int batchSize) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Job job = jobs.held(lease).orElse(null);
                if (job == null) {
                    return false; // finished, or taken over by a replica that found this one's lease run out
                }
                Instant now = Times.stored(clock.instant());
                CaseCommand command = command(job, lease, now);
                if (command == null) {
                    return false;
                }
                List<UUID> batch = take(job.id(), batchSize);
                if (batch.isEmpty()) {
                    return false;
                }
                apply(job, lease, batch, command, now);
                return true;
            });
        } catch (JobStore.LeaseLost e) {
            return false; // rolled back whole: the replica holding the job now does this batch
        }
    }

    /** The action's command; null when it no longer holds (the job is then FAILED). */
    private CaseCommand command(Job job, JobLease lease, Instant now) throws JsonProcessingException {
        BulkActions.Stored request = json.readValue(job.request(), BulkActions.Stored.class);
        CaseAction action = CaseAction.fromPathName(request.action()).orElseThrow();
        try {
            return ActionRequest.parse(action, request.body(), json, now);
        } catch (ProblemException | JsonProcessingException e) {
            // Checked when the job was asked for; only time can make it fail now (a dueAt that has passed).
            QuarkusTransaction.requiringNew().run(() -> jobs.finish(lease, JobState.FAILED, null,
                    "the action no longer holds: " + e.getMessage(), now));
            return null;
        }
    }

    /**
     * Ends the job once its queue is empty; false while cases are left (a batch that rolled back), so that
     * the run goes on. True too when the lease is gone: the job is no longer this run's.
     */
    private boolean finishIfDone(JobLease lease) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = jobs.lockHeld(lease).orElse(null);
            if (job == null) {
                return true;
            }
            if (jdbc.one("SELECT 1 FROM dr_job_item WHERE job_id = ? LIMIT 1", rs -> 1, job.id()).isPresent()) {
                return false;
            }
            jobs.finish(lease, JobState.SUCCEEDED, json.writeValueAsString(Map.of("changed", job.changed(),
                    "refused", job.errors())), null, Times.stored(clock.instant()));
            return true;
        });
    }

    /** Takes the next batch off the job's queue that no other batch holds; the rows come back if the step rolls back. */
    private List<UUID> take(UUID jobId, int limit) {
        // The batch is chosen once (MATERIALIZED), then deleted: a sub-select under IN may be scanned again.
        return jdbc.list("WITH batch AS MATERIALIZED (SELECT case_id FROM dr_job_item WHERE job_id = ? "
                + "ORDER BY case_id LIMIT ? FOR UPDATE SKIP LOCKED) DELETE FROM dr_job_item i USING batch b "
                + "WHERE i.job_id = ? AND i.case_id = b.case_id RETURNING i.case_id",
                rs -> SqlValues.uuid(rs, "case_id"), jobId, limit, jobId);
    }

    private void apply(Job job, JobLease lease, List<UUID> batch, CaseCommand command, Instant now) {
        Map<UUID, CaseRecord> locked = cases.lockAll(batch);
        Campaign campaign = campaigns.find(job.campaignId()).orElseThrow();
        List<PlannedTransition> plans = new ArrayList<>(batch.size());
        List<JobError> refused = new ArrayList<>();
        for (UUID id : batch.stream().sorted().toList()) {
            CaseRecord c = locked.get(id);
            try {
                plans.add(planner.plan(campaign, c, command, job.createdBy(), now));
            } catch (DomainError e) {
                refused.add(new JobError(0, c.developer().developerId(), null, e.detail()));
            }
        }
        store.store(plans);
        long errorsBefore = jobs.addProgress(lease, batch.size(), plans.size(), refused.size());
        jobs.addErrors(job.id(), errorsBefore, refused);
    }
}
