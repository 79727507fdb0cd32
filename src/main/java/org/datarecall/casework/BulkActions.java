package org.datarecall.casework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseMachine;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.job.Job;
import org.datarecall.job.JobKind;
import org.datarecall.job.JobStore;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlSelection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bulk actions: one staff action over every case a filter matches, run as a job ({@link BulkActionJob}).
 * What is asked is checked here, before anything is queued; each case then goes through the same checks
 * and state machine as a single action, and a case the machine refuses is listed with why.
 */
@ApplicationScoped
public class BulkActions {

    static final String WAITING_ELSEWHERE = "the case is already waiting in another bulk job";

    /** A bulk action as stored with its job: the action's path name, its body and the filter. */
    public record Stored(String action, JsonNode body, CaseFilterRequest filter) {
    }

    /**
     * What a bulk action would do, before it is started: how many cases the filter matches, how many of
     * them are in a state that allows the action, and the others by state (they would be refused).
     */
    public record Preview(long matching, long allowed, Map<CaseState, Long> refusedByState) {
    }

    @Inject
    Jdbc jdbc;

    @Inject
    JobStore jobs;

    @Inject
    ObjectMapper json;

    /** Counts the matching cases by state: one grouped statement, whatever their number. */
    public Preview preview(CaseFilter filter, CaseAction action, Instant now) {
        SqlSelection m = CaseRepository.matching(filter, now);
        Map<CaseState, Long> byState = new LinkedHashMap<>();
        for (Object[] row : jdbc.list("SELECT state, count(*) FROM (" + m.sql() + ") m GROUP BY state ORDER BY state",
                rs -> new Object[] { rs.getString(1), rs.getLong(2) }, m.params())) {
            byState.put(CaseState.valueOf((String) row[0]), (Long) row[1]);
        }
        long matching = 0;
        long allowed = 0;
        Map<CaseState, Long> refused = new LinkedHashMap<>();
        for (Map.Entry<CaseState, Long> e : byState.entrySet()) {
            matching += e.getValue();
            if (CaseMachine.allowedActions(e.getKey()).contains(action)) {
                allowed += e.getValue();
            } else {
                refused.put(e.getKey(), e.getValue());
            }
        }
        return new Preview(matching, allowed, refused);
    }

    /**
     * Queues the job with the cases the filter matches now; a replica's {@link org.datarecall.job.JobRunner}
     * runs it. The set is fixed here, in one statement, so the job does what the confirmation counted, and
     * a case already waiting in another bulk job is refused at once: two jobs asked for together change
     * each case once. Refused (409) when the campaign is closed or no case matches: no empty job is left.
     */
    public Job start(Campaign campaign, CaseAction action, JsonNode body, CaseFilterRequest filterRequest,
            CaseFilter filter, String actor, Instant now) {
        if (campaign.status() == CampaignStatus.CLOSED) {
            throw new DomainError.Refused("the campaign is CLOSED; its cases no longer change");
        }
        // An hour: a filter may match a million cases, queued in one statement.
        return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
            String request = json.writeValueAsString(new Stored(action.pathName(), body, filterRequest));
            Job job = jobs.create(JobKind.BULK_ACTION, campaign.id(), actor, request, "cases", null, now);
            if (queue(job.id(), campaign.id(), filter, now) == 0) {
                throw new DomainError.Refused("no case of the campaign matches the filter; no job was started");
            }
            return jobs.find(job.id()).orElseThrow();
        });
    }

    /**
     * Queues the matching cases and refuses those waiting in another job; answers how many matched. Jobs of
     * one campaign queue one at a time (a lock held to the commit), so each sees the other's queue whole and
     * a plain insert of the cases no job holds does, where {@code ON CONFLICT DO NOTHING} over the unique
     * case id (its guard) took twice as long at a million cases.
     */
    private long queue(UUID jobId, UUID campaignId, CaseFilter filter, Instant now) {
        SqlSelection m = CaseRepository.matching(filter, now);
        jdbc.withConnection(con -> {
            Jdbc.longWork(con);
            Jdbc.list(con, "SELECT pg_advisory_xact_lock(?, hashtext(?::text))", rs -> 1, QUEUE_LOCK, campaignId);
            return null;
        });
        Object[] params = new Object[m.params().length + 3];
        System.arraycopy(m.params(), 0, params, 0, m.params().length);
        params[m.params().length] = jobId;
        params[m.params().length + 1] = jobId;
        params[m.params().length + 2] = WAITING_ELSEWHERE;
        // The counts come back from the inserts themselves: no second pass over a million queued rows.
        long[] counts = jdbc.one("WITH matched AS MATERIALIZED (" + m.sql() + "), "
                + "waiting AS MATERIALIZED (SELECT m.id, m.developer_id FROM matched m JOIN dr_job_item i ON i.case_id = m.id), "
                // NOT IN over the CTE is one hashed set; NOT EXISTS was planned as a scan of it per row.
                + "queued AS (INSERT INTO dr_job_item (job_id, case_id) SELECT ?, id FROM matched "
                + "WHERE id NOT IN (SELECT id FROM waiting) RETURNING 1), "
                + "refused AS (INSERT INTO dr_job_error (job_id, n, ref, message) "
                + "SELECT ?, row_number() OVER (ORDER BY w.developer_id), w.developer_id, ? FROM waiting w RETURNING 1) "
                + "SELECT (SELECT count(*) FROM queued), (SELECT count(*) FROM refused)",
                rs -> new long[] { rs.getLong(1), rs.getLong(2) }, params).orElseThrow();
        jobs.progress(jobId, counts[0] + counts[1], counts[1], 0, counts[1]);
        return counts[0] + counts[1];
    }

    /** The first key of the lock under which a campaign's bulk jobs queue their cases (the second: the campaign). */
    private static final int QUEUE_LOCK = 0x44524271;

    /** The actions a bulk job may run: every staff action but an address change, which is one developer's. */
    public static List<CaseAction> bulkActions() {
        List<CaseAction> actions = new ArrayList<>(List.of(CaseAction.values()));
        actions.remove(CaseAction.UPDATE_CONTACT);
        return actions;
    }
}
