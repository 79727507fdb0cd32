package org.datarecall.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
class CaseActionsTest extends ClockedTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    @Inject
    Cases cases;

    private String newCase(String title) {
        String campaign = createCampaign(title);
        importCsv(campaign, "dev-1,Dev One,one@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        return caseOf(campaign, "dev-1");
    }

    private static io.restassured.response.ValidatableResponse act(String caseId, String action, Object body) {
        var spec = manager().contentType(ContentType.JSON);
        if (body != null) {
            spec.body(body);
        }
        return spec.post("/api/v1/cases/{id}/actions/{action}", caseId, action).then();
    }

    @Test
    void a_silent_developer_is_asked_extended_escalated_and_enforced() {
        clock.set(T0);
        String caseId = newCase("silent developer");
        cases.apply(caseId, new org.datarecall.casework.domain.CaseCommand.Notify());

        act(caseId, "send-deletion-request", null).statusCode(200)
                .body("state", equalTo("DELETION_REQUESTED"))
                .body("round", equalTo(1))
                .body("dueAt", equalTo("2026-07-01T09:00:00Z"))
                .body("allowedActions", equalTo(List.of("extend", "escalate", "withdraw", "resend-notice", "update-contact", "add-note", "assign")));
        act(caseId, "extend", Map.of("extension", "P7D", "reason", "asked for a week")).statusCode(200)
                .body("dueAt", equalTo("2026-07-08T09:00:00Z"));
        act(caseId, "extend", Map.of("dueAt", "2026-07-10T00:00:00Z", "reason", "board meeting")).statusCode(200)
                .body("dueAt", equalTo("2026-07-10T00:00:00Z"));

        clock.set(Instant.parse("2026-07-11T00:00:00Z"));
        manager().get("/api/v1/cases/{id}", caseId).then().body("overdue", equalTo(true));
        act(caseId, "escalate", Map.of("reason", "no answer")).statusCode(200).body("state", equalTo("ESCALATED"));
        act(caseId, "enforce", Map.of("measure", "APP_SUSPENDED", "reason", "suspended app-1")).statusCode(200)
                .body("state", equalTo("ENFORCED"))
                .body("overdue", equalTo(false))
                .body("allowedActions", equalTo(List.of("resend-notice", "add-note")));

        manager().get("/api/v1/cases/{id}/events", caseId).then().statusCode(200)
                .body("items.type", equalTo(List.of("CASE_OPENED", "NOTIFIED", "DELETION_REQUESTED",
                        "DEADLINE_EXTENDED", "DEADLINE_EXTENDED", "ESCALATED", "ENFORCED")))
                .body("items.seq", equalTo(List.of(1, 2, 3, 4, 5, 6, 7)))
                .body("items[5].actor", equalTo("manager"))
                .body("items[5].data.reason", equalTo("no answer"))
                .body("items[6].data.measure", equalTo("APP_SUSPENDED"))
                .body("items[6].fromState", equalTo("ESCALATED"))
                .body("items[6].toState", equalTo("ENFORCED"))
                .body("items[0].fromState", nullValue())
                .body("items[1].prevHash", notNullValue())
                .body("nextCursor", nullValue());
    }

    @Test
    void a_failed_audit_starts_the_next_round_and_a_pass_verifies() {
        clock.set(T0);
        String caseId = newCase("audit loop");
        cases.toAuditPending(caseId);
        as("auditor").contentType(ContentType.JSON)
                .body(Map.of("result", "FAIL", "method", "REMOTE_INSPECTION", "findings", "copies in backups"))
                .post("/api/v1/cases/{id}/actions/record-audit", caseId)
                .then().statusCode(200).body("state", equalTo("DELETION_REQUESTED")).body("round", equalTo(2));
        cases.apply(caseId, new org.datarecall.casework.domain.CaseCommand.SubmitAttestation("a2", "cd".repeat(32)));
        cases.apply(caseId, new org.datarecall.casework.domain.CaseCommand.RouteAttestation(true, "test"));
        as("auditor").contentType(ContentType.JSON)
                .body(Map.of("result", "PASS", "method", "TECHNICAL_SCAN"))
                .post("/api/v1/cases/{id}/actions/record-audit", caseId)
                .then().statusCode(200).body("state", equalTo("VERIFIED"))
                .body("verificationBasis", equalTo("AUDIT"));
    }

    @Test
    void a_rejected_attestation_asks_again() {
        String caseId = newCase("reject attestation");
        cases.toAuditPending(caseId);
        act(caseId, "reject-attestation", Map.of("reason", "not signed by an officer")).statusCode(200)
                .body("state", equalTo("DELETION_REQUESTED")).body("round", equalTo(2));
    }

    @Test
    void a_refused_action_answers_409_with_the_state_and_changes_nothing() {
        String caseId = newCase("refused");
        long version = manager().get("/api/v1/cases/{id}", caseId).then().extract().<Integer> path("version");
        act(caseId, "enforce", Map.of("measure", "OTHER", "reason", "x")).statusCode(409)
                .contentType("application/problem+json")
                .body("currentState", equalTo("PENDING"))
                .body("allowedActions", equalTo(List.of("withdraw", "update-contact", "add-note", "assign")));
        act(caseId, "send-deletion-request", null).statusCode(409);
        manager().get("/api/v1/cases/{id}", caseId).then().body("version", equalTo((int) version))
                .body("state", equalTo("PENDING"));
        manager().get("/api/v1/cases/{id}/events", caseId).then().body("items.type", equalTo(List.of("CASE_OPENED")));
    }

    @Test
    void if_match_guards_against_a_case_that_moved_on() {
        String caseId = newCase("if-match");
        String etag = manager().get("/api/v1/cases/{id}", caseId).then().statusCode(200)
                .header("ETag", notNullValue()).extract().header("ETag");
        cases.apply(caseId, new org.datarecall.casework.domain.CaseCommand.Notify());

        manager().contentType(ContentType.JSON).header("If-Match", etag)
                .post("/api/v1/cases/{id}/actions/send-deletion-request", caseId)
                .then().statusCode(412).contentType("application/problem+json")
                .body("currentVersion", equalTo(2));
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("NOTIFIED"));

        String fresh = manager().get("/api/v1/cases/{id}", caseId).then().extract().header("ETag");
        manager().contentType(ContentType.JSON).header("If-Match", fresh)
                .post("/api/v1/cases/{id}/actions/send-deletion-request", caseId)
                .then().statusCode(200).header("ETag", equalTo("\"3\""));
    }

    @Test
    void roles_decide_who_may_act() {
        String caseId = newCase("roles");
        cases.toAuditPending(caseId);
        as("viewer").contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/cases/{id}/actions/withdraw", caseId).then().statusCode(403)
                .contentType("application/problem+json");
        as("auditor").contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/cases/{id}/actions/withdraw", caseId).then().statusCode(403);
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/cases/{id}/actions/withdraw", caseId).then().statusCode(401);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("AUDIT_PENDING"));
        as("viewer").get("/api/v1/cases/{id}/events", caseId).then().statusCode(200);
    }

    @Test
    void bad_action_bodies_are_400_problems_and_change_nothing() {
        String caseId = newCase("bad bodies");
        cases.toDeletionRequested(caseId);
        act(caseId, "escalate", Map.of()).statusCode(400).body("violations[0].field", equalTo("reason"));
        act(caseId, "escalate", Map.of("reason", "x".repeat(2001))).statusCode(400);
        act(caseId, "escalate", Map.of("reason", "ok", "measure", "OTHER")).statusCode(400)
                .body("violations[0].field", equalTo("measure"));
        act(caseId, "extend", Map.of("reason", "r", "dueAt", "2030-01-01T00:00:00Z", "extension", "P1D"))
                .statusCode(400);
        act(caseId, "extend", Map.of("reason", "r", "dueAt", "2001-01-01T00:00:00Z")).statusCode(400)
                .body("violations[0].message", containsString("future"));
        act(caseId, "extend", Map.of("reason", "r", "extension", "P1Y")).statusCode(400);
        act(caseId, "extend", Map.of("reason", "r", "dueAt", "tomorrow")).statusCode(400)
                .body("violations[0].field", equalTo("dueAt"));
        act(caseId, "withdraw", "[1]").statusCode(400);
        act(caseId, "withdraw", "{\"reason\":").statusCode(400).contentType("application/problem+json");
        act(caseId, "explode", Map.of()).statusCode(404).contentType("application/problem+json");
        act("not-a-uuid", "withdraw", Map.of("reason", "x")).statusCode(404);
        act("0190c6a8-0000-7000-8000-000000000000", "withdraw", Map.of("reason", "x")).statusCode(404);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"))
                .body("version", equalTo(3));
    }

    @Test
    void the_case_list_filters_searches_and_pages() {
        clock.set(T0);
        String campaign = createCampaign("list filters");
        importCsv(campaign,
                "acme,Acme Apps,ops@acme.example,,,2026-03-20T00:00:00Z",
                "bolt,Bolt Labs,dev@bolt.example,,,",
                "cobalt,Cobalt Soft,it@cobalt.example,,,",
                "delta,Delta Games,hello@delta.example,,,2026-03-25T00:00:00Z");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        cases.toDeletionRequested(caseOf(campaign, "bolt"));
        cases.toDeletionRequested(caseOf(campaign, "delta"));
        clock.advance(Duration.ofDays(31));

        String path = "/api/v1/campaigns/{id}/cases";
        manager().queryParam("state", "DELETION_REQUESTED").get(path, campaign).then()
                .body("items.developer.developerId", equalTo(List.of("bolt", "delta")));
        manager().queryParam("riskTier", "HIGH").get(path, campaign).then()
                .body("items.developer.developerId", equalTo(List.of("acme", "delta")));
        manager().queryParam("overdue", "true").get(path, campaign).then()
                .body("items.developer.developerId", equalTo(List.of("bolt", "delta")));
        manager().queryParam("overdue", "false").get(path, campaign).then()
                .body("items.developer.developerId", equalTo(List.of("acme", "cobalt")));
        manager().queryParam("q", "cobalt soft").get(path, campaign).then()
                .body("items.developer.developerId", equalTo(List.of("cobalt")));
        manager().queryParam("q", "DEV@BOLT.example").get(path, campaign).then()
                .body("items.developer.developerId", equalTo(List.of("bolt")));
        manager().queryParam("q", "%").get(path, campaign).then().body("items", org.hamcrest.Matchers.empty());

        String cursor = manager().queryParam("limit", 3).get(path, campaign).then()
                .body("items.developer.developerId", equalTo(List.of("acme", "bolt", "cobalt")))
                .extract().path("nextCursor");
        manager().queryParam("limit", 3).queryParam("cursor", cursor).get(path, campaign).then()
                .body("items.developer.developerId", equalTo(List.of("delta")))
                .body("nextCursor", nullValue());

        manager().queryParam("state", "SLEEPING").queryParam("overdue", "maybe").get(path, campaign).then()
                .statusCode(400).body("violations.field", equalTo(List.of("state", "overdue")));
        manager().queryParam("limit", 0).get(path, campaign).then().statusCode(400);

        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().statusCode(200)
                .body("total", equalTo(4))
                .body("byState.PENDING", equalTo(2))
                .body("byState.DELETION_REQUESTED", equalTo(2))
                .body("byState.VERIFIED", equalTo(0))
                .body("byState.WITHDRAWN", equalTo(0))
                .body("overdue", equalTo(2))
                .body("highRisk", equalTo(2))
                .body("notices.QUEUED", equalTo(4))
                .body("notices.FAILED", equalTo(0));
        as("viewer").get("/api/v1/campaigns/{id}/summary", campaign).then().statusCode(200);
        manager().get("/api/v1/cases/{id}/notices", caseOf(campaign, "bolt")).then().statusCode(200)
                .body("items.kind", equalTo(List.of("REVOCATION_NOTICE", "DELETION_REQUEST")))
                .body("items.status", equalTo(List.of("QUEUED", "QUEUED")));
    }

    @Test
    void withdraw_from_every_open_state() {
        String caseId = newCase("withdraw");
        cases.toAuditPending(caseId);
        act(caseId, "withdraw", Map.of("reason", "duplicate of another case")).statusCode(200)
                .body("state", equalTo("WITHDRAWN"));
        act(caseId, "withdraw", Map.of("reason", "again")).statusCode(409);
        act(caseId, "resend-notice", null).statusCode(200).body("state", equalTo("WITHDRAWN"));
        manager().get("/api/v1/cases/{id}/events", caseId).then().body("items.type", hasItem("NOTICE_RESENT"));
        assertThat(caseId).isNotBlank();
    }
}
