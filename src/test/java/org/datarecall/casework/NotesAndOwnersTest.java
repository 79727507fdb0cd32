package org.datarecall.casework;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.datarecall.job.JobRunner;
import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.datarecall.testing.Sql;
import org.datarecall.testing.StaffSession;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Staff notes (events, never mailed) and an owner per case: assigned one by one or in bulk, filtered on. */
@QuarkusTest
class NotesAndOwnersTest extends ClockedTest {

    @Inject
    Cases cases;

    @Inject
    DataSource dataSource;

    @Inject
    JobRunner runner;

    private String campaign(String title, String... devs) {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String campaign = createCampaign(title);
        importCsv(campaign, java.util.Arrays.stream(devs).map(d -> d + ",Dev " + d + "," + d + "@example.com,,,")
                .toArray(String[]::new));
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        return campaign;
    }

    private long notices(String caseId) {
        return Sql.count(dataSource, "SELECT count(*) FROM dr_notice WHERE case_id = ?::uuid", caseId);
    }

    @Test
    void a_note_is_an_event_of_the_case_for_staff_and_sends_nothing() {
        String campaign = campaign("notes", "n-1");
        String id = caseOf(campaign, "n-1");
        cases.toDeletionRequested(id);
        long mails = notices(id);
        long version = manager().get("/api/v1/cases/{id}", id).then().extract().jsonPath().getLong("version");

        as("auditor").body(Map.of("text", "  Called their DPO; they expect to attest by Friday.  "))
                .post("/api/v1/cases/{id}/actions/add-note", id).then().statusCode(200)
                .body("state", equalTo("DELETION_REQUESTED")).body("version", equalTo((int) version + 1));
        manager().get("/api/v1/cases/{id}/events", id).then()
                .body("items.last().type", equalTo("NOTE_ADDED")).body("items.last().actor", equalTo("auditor"))
                .body("items.last().data.text", equalTo("Called their DPO; they expect to attest by Friday."));
        assertThat(notices(id)).as("a note mails nobody").isEqualTo(mails);
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().body("verified", equalTo(true));

        manager().body(Map.of("text", " ")).post("/api/v1/cases/{id}/actions/add-note", id).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("text"));
        manager().body(Map.of("text", "x".repeat(10_001))).post("/api/v1/cases/{id}/actions/add-note", id).then()
                .statusCode(400).body("violations[0].field", equalTo("text"));
        manager().body(Map.of("text", "fine", "colour", "red")).post("/api/v1/cases/{id}/actions/add-note", id).then()
                .statusCode(400);
        as("viewer").body(Map.of("text", "hello")).post("/api/v1/cases/{id}/actions/add-note", id).then()
                .statusCode(403);
        given().contentType("application/json").body(Map.of("text", "hello"))
                .post("/api/v1/cases/{id}/actions/add-note", id).then().statusCode(401);
        manager().get("/api/v1/cases/{id}", id).then().body("version", equalTo((int) version + 1));
    }

    @Test
    void an_owner_is_assigned_changed_and_removed_with_who_had_it_and_the_list_filters_on_it() {
        String campaign = campaign("owners", "o-1", "o-2", "o-3");
        String one = caseOf(campaign, "o-1");
        String two = caseOf(campaign, "o-2");
        manager().get("/api/v1/cases/{id}", one).then().body("owner", nullValue())
                .body("allowedActions", hasItem("assign"));

        manager().body(Map.of("owner", "alice")).post("/api/v1/cases/{id}/actions/assign", one).then().statusCode(200)
                .body("owner", equalTo("alice"));
        // "me" is the one asking, in an action's body as in a filter.
        as("auditor").body(Map.of("owner", "me")).post("/api/v1/cases/{id}/actions/assign", two).then()
                .statusCode(200).body("owner", equalTo("auditor"));
        as("auditor").body(Map.of("owner", "auditor")).post("/api/v1/cases/{id}/actions/assign", two).then()
                .statusCode(409);
        manager().body(Map.of("owner", "alice")).post("/api/v1/cases/{id}/actions/assign", one).then().statusCode(409)
                .body("detail", containsString("already with alice"));
        Map<String, Object> nobody = new HashMap<>();
        nobody.put("owner", null);
        manager().body(nobody).post("/api/v1/cases/{id}/actions/assign", one).then().statusCode(200)
                .body("owner", nullValue());
        manager().get("/api/v1/cases/{id}/events", one).then()
                .body("items.findAll { it.type == 'OWNER_ASSIGNED' }.data", equalTo(List.of(Map.of("owner", "alice"),
                        Map.of("previousOwner", "alice"))));
        manager().body(nobody).post("/api/v1/cases/{id}/actions/assign", one).then().statusCode(409);
        manager().body(Map.of()).post("/api/v1/cases/{id}/actions/assign", one).then().statusCode(400)
                .body("violations[0].field", equalTo("owner"));
        manager().body(Map.of("owner", "x".repeat(201))).post("/api/v1/cases/{id}/actions/assign", one).then()
                .statusCode(400).body("violations[0].field", equalTo("owner"));
        as("viewer").body(Map.of("owner", "viewer")).post("/api/v1/cases/{id}/actions/assign", one).then()
                .statusCode(403);

        as("auditor").queryParam("owner", "me").get("/api/v1/campaigns/{id}/cases", campaign).then().statusCode(200)
                .body("items.developer.developerId", equalTo(List.of("o-2")));
        manager().queryParam("owner", "auditor").get("/api/v1/campaigns/{id}/cases", campaign).then()
                .body("items.developer.developerId", equalTo(List.of("o-2")));
        manager().queryParam("owner", "-").get("/api/v1/campaigns/{id}/cases", campaign).then()
                .body("items.developer.developerId", equalTo(List.of("o-1", "o-3")));

        // A closed case is looked after by nobody any more: it cannot be given to anyone.
        manager().body(Map.of("reason", "duplicate")).post("/api/v1/cases/{id}/actions/withdraw", caseOf(campaign, "o-3"))
                .then().statusCode(200).body("allowedActions", not(hasItem("assign")));
        manager().body(Map.of("owner", "alice")).post("/api/v1/cases/{id}/actions/assign", caseOf(campaign, "o-3"))
                .then().statusCode(409);
    }

    @Test
    void an_auditor_takes_cases_in_bulk_and_finds_them_in_their_own_queue() {
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        runner.runAll(); // jobs other tests left open
        String campaign = campaign("my audit queue", "q-1", "q-2", "q-3");
        clock.set(Instant.parse("2026-06-02T00:00:00Z"));
        for (String dev : List.of("q-1", "q-2")) {
            cases.toAuditPending(caseOf(campaign, dev));
        }
        String job = as("auditor").body(Map.of("action", "assign", "body", Map.of("owner", "me"),
                "filter", Map.of("state", "AUDIT_PENDING"))).post("/api/v1/campaigns/{id}/bulk-actions", campaign)
                .then().statusCode(202).body("total", equalTo(2)).extract().path("id");
        runner.runAll();
        manager().get("/api/v1/jobs/{id}", job).then().body("state", equalTo("SUCCEEDED")).body("changed", equalTo(2));

        List<String> mine = as("auditor").queryParam("owner", "me").queryParam("limit", 500).get("/api/v1/audit-queue")
                .then().statusCode(200).extract().jsonPath().getList("items.caseId");
        assertThat(mine).contains(caseOf(campaign, "q-1"), caseOf(campaign, "q-2"));
        assertThat(as("auditor").queryParam("owner", "-").queryParam("limit", 500).get("/api/v1/audit-queue").then()
                .extract().jsonPath().getList("items.caseId", String.class)).doesNotContain(caseOf(campaign, "q-1"));
        assertThat(manager().queryParam("owner", "me").queryParam("limit", 500).get("/api/v1/audit-queue").then()
                .extract().jsonPath().getList("items.caseId", String.class)).doesNotContain(caseOf(campaign, "q-1"));

        String html = StaffSession.signIn("auditor").page("/dashboard/audit-queue?owner=me");
        assertThat(html).contains("id=\"queue-mine\" aria-current=\"page\"").contains(caseOf(campaign, "q-1"));
    }
}
