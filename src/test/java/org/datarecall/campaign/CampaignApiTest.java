package org.datarecall.campaign;

import static io.restassured.RestAssured.given;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.campaignBody;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.datarecall.testing.ClockedTest;
import org.datarecall.testing.Management;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class CampaignApiTest extends ClockedTest {

    @Test
    void a_manager_creates_a_draft_campaign_with_the_default_policy() {
        String location = manager().contentType(ContentType.JSON).body(campaignBody("Groups API 2026"))
                .post("/api/v1/campaigns")
                .then().statusCode(201)
                .body("status", equalTo("DRAFT"))
                .body("title", equalTo("Groups API 2026"))
                .body("dataCategories", hasItems("group member names", "profile pictures"))
                .body("createdBy", equalTo("manager"))
                .body("policy.attestationWindow", equalTo("P30D"))
                .body("policy.reminderOffsets", equalTo(List.of("-P7D", "-P1D", "P3D")))
                .body("policy.escalateAfter", equalTo("P14D"))
                .body("policy.deletionRequestDelay", equalTo("PT0S"))
                .body("policy.recentAccessWindow", equalTo("P60D"))
                .body("policy.audit.mode", equalTo("SAMPLE"))
                .body("policy.audit.sampleRate", equalTo(0.1f))
                .body("policy.audit.alwaysAuditHighRisk", equalTo(true))
                .body("policy.maxReRequests", equalTo(2))
                .body("launchedAt", nullValue())
                .extract().header("Location");
        assertThatLocationReadsBack(location);
    }

    private static void assertThatLocationReadsBack(String location) {
        as("viewer").get(location).then().statusCode(200).body("status", equalTo("DRAFT"));
    }

    @Test
    void every_invalid_field_is_listed_and_nothing_is_stored() {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "");
        body.put("dataCategories", List.of());
        body.put("exposureStart", "2026-02-01T00:00:00Z");
        body.put("exposureEnd", "2026-01-01T00:00:00Z");
        body.put("policy", Map.of("attestationWindow", "P1M", "escalateAfter", "P4000D",
                "reminderOffsets", List.of("-P7D", "soon"), "audit", Map.of("sampleRate", 1.5, "mode", "SOME"),
                "maxReRequests", -1));
        int before = countCampaigns();
        manager().contentType(ContentType.JSON).body(body).post("/api/v1/campaigns")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("violations.field", hasItems("title", "dataCategories", "exposureEnd",
                        "policy.attestationWindow", "policy.escalateAfter", "policy.reminderOffsets[1]",
                        "policy.audit.sampleRate", "policy.audit.mode", "policy.maxReRequests"));
        org.assertj.core.api.Assertions.assertThat(countCampaigns()).isEqualTo(before);
    }

    @Test
    void unknown_properties_wrong_types_and_malformed_json_are_problems() {
        Map<String, Object> unknown = new HashMap<>(campaignBody("x"));
        unknown.put("colour", "blue");
        manager().contentType(ContentType.JSON).body(unknown).post("/api/v1/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("colour"));
        Map<String, Object> wrongType = new HashMap<>(campaignBody("x"));
        wrongType.put("detectedAt", "yesterday");
        manager().contentType(ContentType.JSON).body(wrongType).post("/api/v1/campaigns")
                .then().statusCode(400).body("violations[0].field", equalTo("detectedAt"));
        manager().contentType(ContentType.JSON).body("{\"title\": ").post("/api/v1/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", not(containsString("com.fasterxml")));
        manager().contentType(ContentType.JSON).body("[1,2]").post("/api/v1/campaigns")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void a_json_body_over_one_mebibyte_is_refused_with_413() {
        String huge = "{\"title\": \"" + "x".repeat(1_100_000) + "\"}";
        manager().contentType(ContentType.JSON).body(huge).post("/api/v1/campaigns")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void security_401_without_credentials_403_with_the_wrong_role() {
        given().contentType(ContentType.JSON).body(campaignBody("x")).post("/api/v1/campaigns")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic"));
        given().auth().preemptive().basic("manager", "wrong").get("/api/v1/campaigns")
                .then().statusCode(401).contentType("application/problem+json");
        as("viewer").contentType(ContentType.JSON).body(campaignBody("x")).post("/api/v1/campaigns")
                .then().statusCode(403).contentType("application/problem+json");
        as("auditor").contentType(ContentType.JSON).body(campaignBody("x")).post("/api/v1/campaigns")
                .then().statusCode(403);
        as("auditor").get("/api/v1/campaigns").then().statusCode(200);
    }

    @Test
    void unknown_and_malformed_ids_are_404_problems() {
        manager().get("/api/v1/campaigns/{id}", "0190c6a8-0000-7000-8000-000000000000")
                .then().statusCode(404).contentType("application/problem+json");
        manager().get("/api/v1/campaigns/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        manager().post("/api/v1/campaigns/not-a-uuid/launch").then().statusCode(404);
        manager().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void the_list_pages_newest_first_with_a_cursor() {
        // Made later than any other test's campaigns, this test's earlier runs included (ids are
        // time-ordered), so that these three head the list on any test database.
        clock.set(Instant.parse("2100-01-01T00:00:00Z").plusMillis(System.currentTimeMillis()));
        String first = createCampaign("page one");
        String second = createCampaign("page two");
        String third = createCampaign("page three");
        List<String> page1 = manager().queryParam("limit", 2).get("/api/v1/campaigns")
                .then().statusCode(200).body("nextCursor", notNullValue()).extract().path("items.id");
        org.assertj.core.api.Assertions.assertThat(page1).containsExactly(third, second);
        String cursor = manager().queryParam("limit", 2).get("/api/v1/campaigns").then().extract().path("nextCursor");
        manager().queryParam("limit", 2).queryParam("cursor", cursor).get("/api/v1/campaigns")
                .then().statusCode(200).body("items[0].id", equalTo(first));
        manager().queryParam("cursor", "%%%").get("/api/v1/campaigns").then().statusCode(400);
        manager().queryParam("limit", 501).get("/api/v1/campaigns").then().statusCode(400)
                .body("violations[0].field", equalTo("limit"));
    }

    @Test
    void the_policy_changes_only_while_draft_and_moves_risk_tiers() {
        String id = createCampaign("policy");
        // detectedAt 2026-04-01; accessed 2026-01-15 is 76 days before: STANDARD under P60D, HIGH under P90D.
        importCsv(id, "dev-1,Dev One,one@example.com,,,2026-01-15T00:00:00Z");
        manager().get("/api/v1/campaigns/{id}/cases", id).then().body("items[0].riskTier", equalTo("STANDARD"));

        manager().contentType(ContentType.JSON)
                .body(Map.of("recentAccessWindow", "P90D", "reminderOffsets", List.of("P1D", "-PT12H"),
                        "audit", Map.of("mode", "ALL")))
                .put("/api/v1/campaigns/{id}/policy", id)
                .then().statusCode(200)
                .body("policy.recentAccessWindow", equalTo("P90D"))
                .body("policy.reminderOffsets", equalTo(List.of("-PT12H", "P1D")))
                .body("policy.audit.mode", equalTo("ALL"))
                .body("policy.attestationWindow", equalTo("P30D"));
        manager().get("/api/v1/campaigns/{id}/cases", id).then().body("items[0].riskTier", equalTo("HIGH"));

        manager().contentType(ContentType.JSON).body(Map.of("attestationWindow", "PT0S"))
                .put("/api/v1/campaigns/{id}/policy", id)
                .then().statusCode(400).body("violations[0].field", equalTo("attestationWindow"));
        as("viewer").contentType(ContentType.JSON).body(Map.of()).put("/api/v1/campaigns/{id}/policy", id)
                .then().statusCode(403);

        manager().post("/api/v1/campaigns/{id}/launch", id).then().statusCode(200);
        manager().contentType(ContentType.JSON).body(Map.of("attestationWindow", "P10D"))
                .put("/api/v1/campaigns/{id}/policy", id)
                .then().statusCode(409).contentType("application/problem+json");
        manager().get("/api/v1/campaigns/{id}", id).then().body("policy.attestationWindow", equalTo("P30D"));
    }

    @Test
    void launch_is_idempotent_and_close_needs_every_case_terminal() {
        String id = createCampaign("lifecycle");
        importCsv(id, "dev-1,Dev One,one@example.com,,,");
        String launchedAt = manager().post("/api/v1/campaigns/{id}/launch", id)
                .then().statusCode(200).body("status", equalTo("ACTIVE")).body("launchedAt", notNullValue())
                .extract().path("launchedAt");
        manager().post("/api/v1/campaigns/{id}/launch", id)
                .then().statusCode(200).body("launchedAt", equalTo(launchedAt));
        as("viewer").post("/api/v1/campaigns/{id}/launch", id).then().statusCode(403);

        manager().post("/api/v1/campaigns/{id}/close", id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("1 case(s)"));
        manager().get("/api/v1/campaigns/{id}", id).then().body("status", equalTo("ACTIVE"));

        String caseId = org.datarecall.testing.Api.caseOf(id, "dev-1");
        manager().contentType(ContentType.JSON).body(Map.of("reason", "not affected after all"))
                .post("/api/v1/cases/{id}/actions/withdraw", caseId).then().statusCode(200);
        manager().post("/api/v1/campaigns/{id}/close", id)
                .then().statusCode(200).body("status", equalTo("CLOSED")).body("closedAt", notNullValue());
        manager().post("/api/v1/campaigns/{id}/launch", id).then().statusCode(409);
        manager().contentType("text/csv").body("developerId,name,email,ccEmails,appIds,lastAccessAt\n")
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(409);
        manager().contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/cases/{id}/actions/resend-notice", caseId).then().statusCode(400);
    }

    /** Served on the management port (9001 in tests), never on the public one an ingress forwards to. */
    @Test
    void openapi_health_and_metrics_are_served_on_the_management_port_only() {
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/openapi", "/q/metrics", "/q/health")) {
            given().get(path).then().statusCode(404);
        }
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/live").then().statusCode(200);
        Management.given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/campaigns"))
                .body(containsString("/api/v1/campaigns/{id}/access-records"))
                .body(containsString("/api/v1/campaigns/{id}/revocations"))
                .body(containsString("/api/v1/campaigns/{id}/findings"))
                .body(containsString("/api/v1/portal/evidence"))
                .body(containsString("/api/v1/portal/signatory-code"))
                .body(containsString("/api/v1/cases/{id}/evidence/{evidenceId}"));
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests"));
    }

    @Test
    void lists_every_campaign_field_in_answers() {
        String id = createCampaign("fields");
        manager().get("/api/v1/campaigns").then().statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.status", everyItem(notNullValue()))
                .body("items.find { it.id == '" + id + "' }.exposureStart", endsWith("Z"))
                .body("items", not(hasSize(0)));
    }

    private static int countCampaigns() {
        int count = 0;
        String cursor = null;
        do {
            var spec = manager().queryParam("limit", 500);
            if (cursor != null) {
                spec.queryParam("cursor", cursor);
            }
            var response = spec.get("/api/v1/campaigns").then().statusCode(200).extract();
            count += response.<List<Object>> path("items").size();
            cursor = response.path("nextCursor");
        } while (cursor != null);
        return count;
    }
}
