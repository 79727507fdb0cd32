package org.datarecall.casework;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.launched;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.job.JobLease;
import org.datarecall.job.JobRunner;
import org.datarecall.job.JobStore;
import org.datarecall.testing.Sql;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Bulk actions: one action over a filter, as a job any replica runs in batches (7 cases each in tests),
 * each case through the state machine, refusals listed per case.
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class BulkActionTest extends WorkflowTest {

    private static final int CASES = 20;

    @Inject
    DataSource dataSource;

    @Inject
    JobRunner runner;

    @Inject
    JobStore jobs;

    @Inject
    BulkActionJob bulkJob;

    /** Jobs other tests left open (a failed run's) are finished first, so that the ones here are the only ones. */
    @BeforeEach
    void noOtherOpenJob() {
        clock.set(Instant.parse("2030-01-01T00:00:00Z")); // every lease run out
        runner.runAll();
    }

    /** A launched campaign of 20 developers (all DELETION_REQUESTED), dev-03 and dev-11 escalated by hand. */
    private String campaign(String title) {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= CASES; i++) {
            rows.add(String.format("dev-%02d,Dev %02d,d%02d@example.com,,,", i, i, i));
        }
        String campaign = launched(sweep, sender, title, Map.of("audit", Map.of("mode", "NONE")),
                rows.toArray(String[]::new));
        for (String dev : List.of("dev-03", "dev-11")) {
            manager().body(Map.of("reason", "no answer")).post("/api/v1/cases/{id}/actions/escalate",
                    caseOf(campaign, dev)).then().statusCode(200);
        }
        return campaign;
    }

    private long events(String campaign, String type) {
        return Sql.count(dataSource, "SELECT count(*) FROM dr_case_event e JOIN dr_case c ON c.id = e.case_id "
                + "WHERE c.campaign_id = ?::uuid AND e.type = ?", campaign, type);
    }

    private String jobId(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void a_bulk_escalation_moves_every_case_it_may_and_lists_the_others_with_why() {
        String campaign = campaign("bulk escalate");
        Map<String, Object> body = Map.of("action", "escalate", "body", Map.of("reason", "silent after the deadline"));

        manager().body(body).post("/api/v1/campaigns/{id}/bulk-actions/preview", campaign).then().statusCode(200)
                .body("matching", equalTo(CASES)).body("allowed", equalTo(CASES - 2))
                .body("refusedByState.ESCALATED", equalTo(2));
        assertThat(events(campaign, "ESCALATED")).as("the preview changes nothing").isEqualTo(2);

        String location = manager().body(body).post("/api/v1/campaigns/{id}/bulk-actions", campaign).then()
                .statusCode(202).header("Location", containsString("/api/v1/jobs/"))
                .body("state", equalTo("QUEUED")).body("kind", equalTo("BULK_ACTION")).body("unit", equalTo("cases"))
                .body("total", equalTo(CASES)).body("done", equalTo(0)).body("errors", equalTo(0)).body("createdBy", equalTo("manager")).extract().header("Location");
        String job = jobId(location);

        assertThat(runner.runAll()).isEqualTo(1);

        as("viewer").get("/api/v1/jobs/{id}", job).then().statusCode(200).body("state", equalTo("SUCCEEDED"))
                .body("total", equalTo(CASES)).body("done", equalTo(CASES)).body("changed", equalTo(CASES - 2))
                .body("errors", equalTo(2)).body("percent", equalTo(100)).body("result.changed", equalTo(CASES - 2))
                .body("result.refused", equalTo(2)).body("attempts", equalTo(1));
        // In the order found: batches side by side may find them in either order.
        List<String> refs = manager().get("/api/v1/jobs/{id}/errors", job).then().statusCode(200)
                .body("items[0].message", containsString("not allowed in state ESCALATED"))
                .body("items.n", equalTo(List.of(1, 2))).body("nextCursor", nullValue()).extract().path("items.ref");
        assertThat(refs).containsExactlyInAnyOrder("dev-03", "dev-11");
        String next = manager().queryParam("limit", 1).get("/api/v1/jobs/{id}/errors", job).then()
                .body("items.ref", equalTo(List.of(refs.get(0)))).extract().path("nextCursor");
        manager().queryParam("limit", 1).queryParam("cursor", next).get("/api/v1/jobs/{id}/errors", job).then()
                .body("items.ref", equalTo(List.of(refs.get(1))));

        assertThat(events(campaign, "ESCALATED")).as("each case escalated once").isEqualTo(CASES);
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("byState.ESCALATED", equalTo(CASES));
        manager().get("/api/v1/cases/{id}/events", caseOf(campaign, "dev-07")).then()
                .body("items.find { it.type == 'ESCALATED' }.actor", equalTo("manager"))
                .body("items.find { it.type == 'ESCALATED' }.data.reason", equalTo("silent after the deadline"));
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_job_item WHERE job_id = ?::uuid", job))
                .as("the queue is empty once the job is done").isZero();
    }

    @Test
    void a_bulk_action_that_cannot_start_says_why_and_queues_nothing() {
        String campaign = campaign("bulk refused");
        long jobsBefore = Sql.count(dataSource, "SELECT count(*) FROM dr_job");
        Map<String, Object> extend = Map.of("extension", "P7D", "reason", "holidays");

        manager().body(Map.of("action", "paint", "body", extend)).post("/api/v1/campaigns/{id}/bulk-actions", campaign)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("action"));
        manager().body(Map.of("action", "update-contact", "body", Map.of("email", "x@example.com", "reason", "r")))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(400)
                .body("violations[0].field", equalTo("action"));
        manager().body(Map.of("action", "extend", "body", Map.of("extension", "P7D")))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(400)
                .body("violations[0].field", equalTo("reason"));
        manager().body(Map.of("action", "extend", "body", Map.of("extension", "P7D", "reason", "r", "colour", "red")))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(400);
        manager().body(Map.of("action", "extend", "body", extend, "filter", Map.of("state", "SLEEPING")))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(400)
                .body("violations[0].field", equalTo("filter.state"));
        manager().body(Map.of("action", "extend", "body", extend, "filter", Map.of("state", "VERIFIED")))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(409)
                .body("detail", containsString("no case"));
        as("viewer").body(Map.of("action", "extend", "body", extend))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(403);
        as("auditor").body(Map.of("action", "extend", "body", extend))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("action", "extend", "body", extend))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(401);
        manager().body(Map.of("action", "extend", "body", extend))
                .post("/api/v1/campaigns/{id}/bulk-actions", "01a239e1-0000-7000-8000-000000000000").then()
                .statusCode(404);
        manager().get("/api/v1/jobs/{id}", "01a239e1-0000-7000-8000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
        manager().get("/api/v1/jobs/{id}", "not-a-job").then().statusCode(404);

        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_job")).as("no job was queued").isEqualTo(jobsBefore);
        assertThat(events(campaign, "DEADLINE_EXTENDED")).isZero();
    }

    @Test
    void two_bulk_jobs_over_the_same_cases_change_each_case_once_and_the_second_lists_its_refusals() {
        String campaign = campaign("bulk twice");
        Map<String, Object> body = Map.of("action", "extend", "body", Map.of("extension", "P7D", "reason", "holidays"),
                "filter", Map.of("state", "DELETION_REQUESTED"));
        String first = jobId(manager().body(body).post("/api/v1/campaigns/{id}/bulk-actions", campaign).then()
                .statusCode(202).extract().header("Location"));
        String second = jobId(manager().body(body).post("/api/v1/campaigns/{id}/bulk-actions", campaign).then()
                .statusCode(202).extract().header("Location"));

        runner.runAll();

        manager().get("/api/v1/jobs/{id}", first).then().body("state", equalTo("SUCCEEDED"))
                .body("total", equalTo(CASES - 2)).body("changed", equalTo(CASES - 2)).body("errors", equalTo(0));
        manager().get("/api/v1/jobs/{id}", second).then().body("state", equalTo("SUCCEEDED"))
                .body("total", equalTo(CASES - 2)).body("changed", equalTo(0)).body("errors", equalTo(CASES - 2));
        manager().get("/api/v1/jobs/{id}/errors", second).then()
                .body("items[0].message", equalTo(BulkActions.WAITING_ELSEWHERE));
        assertThat(events(campaign, "DEADLINE_EXTENDED")).as("each case extended once").isEqualTo(CASES - 2);
    }

    @Test
    void two_bulk_jobs_asked_for_at_the_same_moment_still_change_each_case_once() throws Exception {
        String campaign = campaign("bulk at once");
        Map<String, Object> body = Map.of("action", "extend", "body", Map.of("extension", "P7D", "reason", "holidays"),
                "filter", Map.of("state", "DELETION_REQUESTED"));
        // Both requests queue their cases in the same instant: the campaign's queue lock makes one wait for the
        // other's commit, so the second sees every case waiting and refuses it.
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<String>> started = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                started.add(two.submit(() -> {
                    together.await();
                    return jobId(manager().body(body).post("/api/v1/campaigns/{id}/bulk-actions", campaign).then()
                            .statusCode(202).extract().header("Location"));
                }));
            }
            List<String> jobs = new ArrayList<>();
            for (java.util.concurrent.Future<String> f : started) {
                jobs.add(f.get());
            }

            runner.runAll();

            List<Integer> changed = new ArrayList<>();
            List<Integer> refused = new ArrayList<>();
            for (String job : jobs) {
                changed.add(manager().get("/api/v1/jobs/{id}", job).then().body("state", equalTo("SUCCEEDED"))
                        .body("total", equalTo(CASES - 2)).extract().path("changed"));
                refused.add(manager().get("/api/v1/jobs/{id}", job).then().extract().path("errors"));
            }
            assertThat(changed).containsExactlyInAnyOrder(CASES - 2, 0);
            assertThat(refused).containsExactlyInAnyOrder(0, CASES - 2);
            assertThat(events(campaign, "DEADLINE_EXTENDED")).as("each case extended once").isEqualTo(CASES - 2);
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void a_job_whose_replica_stopped_mid_way_is_finished_by_another_without_doing_a_case_twice() {
        String campaign = campaign("bulk taken over");
        String job = jobId(manager().body(Map.of("action", "extend", "body",
                Map.of("extension", "P7D", "reason", "holidays"), "filter", Map.of("state", "DELETION_REQUESTED")))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(202).extract()
                .header("Location"));
        UUID id = UUID.fromString(job);

        // A replica claims it, does one batch of 7, and stops: no more steps, no renewals.
        Duration lease = Duration.ofMinutes(1);
        assertThat(jobs.claim("stopped-replica", clock.instant(), lease)).hasValueSatisfying(
                j -> assertThat(j.id()).isEqualTo(id));
        JobLease stopped = new JobLease(id, "stopped-replica");
        assertThat(bulkJob.step(stopped, 7)).isTrue();
        assertThat(events(campaign, "DEADLINE_EXTENDED")).isEqualTo(7);

        // While its lease holds, nobody else takes the job.
        assertThat(runner.runAll()).isZero();

        clock.set(clock.instant().plus(lease).plusSeconds(1));
        assertThat(runner.runAll()).isEqualTo(1);
        manager().get("/api/v1/jobs/{id}", job).then().body("state", equalTo("SUCCEEDED")).body("attempts", equalTo(2))
                .body("done", equalTo(CASES - 2)).body("changed", equalTo(CASES - 2)).body("errors", equalTo(0));
        assertThat(events(campaign, "DEADLINE_EXTENDED")).as("each case extended once").isEqualTo(CASES - 2);
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_case_event e JOIN dr_case c ON c.id = e.case_id "
                + "WHERE c.campaign_id = ?::uuid AND e.type = 'DEADLINE_EXTENDED' GROUP BY e.case_id "
                + "ORDER BY count(*) DESC LIMIT 1", campaign)).isEqualTo(1);

        // The stopped replica, back, finds the job is not its own any more and changes nothing.
        assertThat(bulkJob.step(stopped, 7)).isFalse();
        assertThat(events(campaign, "DEADLINE_EXTENDED")).isEqualTo(CASES - 2);
    }

    @Test
    void a_job_that_keeps_failing_is_given_up_after_its_attempts() {
        String campaign = campaign("bulk given up");
        String job = jobId(manager().body(Map.of("action", "withdraw", "body", Map.of("reason", "duplicate")))
                .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(202).extract()
                .header("Location"));
        Duration lease = Duration.ofMinutes(1);
        for (int attempt = 1; attempt <= 3; attempt++) {
            // Each claim's replica stops at once.
            assertThat(jobs.claim("replica-" + attempt, clock.instant(), lease)).isPresent();
            clock.set(clock.instant().plus(lease).plusSeconds(1));
        }
        runner.runAll();
        manager().get("/api/v1/jobs/{id}", job).then().body("state", equalTo("FAILED"))
                .body("detail", containsString("given up after 3 attempts")).body("finishedAt", endsWith("Z"));
        assertThat(events(campaign, "WITHDRAWN")).isZero();
    }
}
