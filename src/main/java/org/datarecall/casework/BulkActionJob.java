package org.datarecall.casework;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;
import org.datarecall.platform.jdbc.Times;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs a bulk action in steps, each its own transaction under the job's row lock:
 each takes a batch of the cases queued when the job was asked for ({@link BulkActions#start}) off
 * the queue, locks them, plans each through the same checks and state machine as a single action, stores
 * the plans in set-based writes and adds the refusals and the counts to the job — all in one commit. A
 * replica that dies mid-step leaves the step undone and the queue as it was; whoever takes the job over
 * does that batch, never one twice.
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

    @Override
    public JobKind kind() {
        return JobKind.BULK_ACTION;
    }

    @Override
    public void run(Job job, JobLease lease) {
        int batch = config.jobs().batchSize();
        while (step(lease, batch)) {
            // each step commits on its own
        }
    }

    /** One step in its own transaction; answers whether there is more to do under this lease. */
    boolean step(JobLease lease, int batchSize) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = jobs.lockHeld(lease).orElse(null);
            if (job == null) {
                return false; // finished, or taken over by a replica that found this one's lease run out
            }
            Instant now = Times.stored(clock.instant());
            BulkActions.Stored request = json.readValue(job.request(), BulkActions.Stored.class);
            CaseAction action = CaseAction.fromPathName(request.action()).orElseThrow();
            CaseCommand command;
            try {
                command = ActionRequest.parse(action, request.body(), json, now);
            } catch (ProblemException | JsonProcessingException e) {
                // Checked when the job was asked for; only time can make it fail now (a dueAt that has passed).
                jobs.finish(lease, JobState.FAILED, null, "the action no longer holds: " + e.getMessage(), now);
                return false;
            }
            List<UUID> batch = take(job.id(), batchSize);
            if (batch.isEmpty()) {
                jobs.finish(lease, JobState.SUCCEEDED, json.writeValueAsString(Map.of("changed", job.changed(),
                        "refused", job.errors())), null, now);
                return false;
            }
            apply(job, batch, command, now);
            return true;
        });
    }

    /** Takes the next batch off the job's queue, in case order; the rows come back if the step rolls back. */
    private List<UUID> take(UUID jobId, int limit) {
        return jdbc.list("DELETE FROM dr_job_item WHERE job_id = ? AND case_id IN (SELECT case_id FROM dr_job_item "
                + "WHERE job_id = ? ORDER BY case_id LIMIT ?) RETURNING case_id", rs -> SqlValues.uuid(rs, "case_id"),
                jobId, jobId, limit);
    }

    private void apply(Job job, List<UUID> batch, CaseCommand command, Instant now) {
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
        jobs.addErrors(job.id(), job.errors(), refused);
        jobs.progress(job.id(), null, batch.size(), plans.size(), refused.size());
    }
}
