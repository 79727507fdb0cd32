package org.datarecall.casework;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.launched;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.datarecall.testing.Sql;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** The yearly re-attestation: a follow-up DRAFT with the same policy and the developers a filter picks. */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class FollowUpTest extends WorkflowTest {

    @Inject
    DataSource dataSource;

    private String launchedCampaign(String title) {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String campaign = launched(sweep, sender, title,
                Map.of("audit", Map.of("mode", "NONE")),
                "dev-1,Dev One,one@example.com,legal@example.com; cto@example.com,app-1;app-2,2026-03-20T10:00:00Z",
                "dev-2,Dev Two,two@example.com,,,",
                "dev-3,\"Drei, GmbH\",drei@example.de,,app-3,2025-01-01T00:00:00Z",
                "dev-4,Dev Four,four@example.com,,,");
        manager().contentType(ContentType.JSON).body(Map.of("reason", "no answer"))
                .post("/api/v1/cases/{id}/actions/escalate", caseOf(campaign, "dev-1")).then().statusCode(200);
        manager().contentType(ContentType.JSON).body(Map.of("reason", "no answer"))
                .post("/api/v1/cases/{id}/actions/escalate", caseOf(campaign, "dev-3")).then().statusCode(200);
        return campaign;
    }

    @Test
    void a_follow_up_is_a_draft_with_the_same_policy_and_the_matching_developers_as_they_stand() {
        String source = launchedCampaign("yearly");
        String followUp = manager().contentType(ContentType.JSON)
                .body(Map.of("filter", Map.of("state", "ESCALATED")))
                .post("/api/v1/campaigns/{id}/follow-up", source).then().statusCode(201)
                .header("Location", containsString("/api/v1/campaigns/"))
                .body("status", equalTo("DRAFT"))
                .body("title", equalTo("yearly (follow-up 2026-06-01)"))
                .extract().path("id");

        Map<String, Object> was = manager().get("/api/v1/campaigns/{id}", source).then().extract().as(Map.class);
        Map<String, Object> is = manager().get("/api/v1/campaigns/{id}", followUp).then().extract().as(Map.class);
        assertThat(is.get("policy")).isEqualTo(was.get("policy"));
        assertThat(is.get("dataCategories")).isEqualTo(was.get("dataCategories"));
        assertThat(is.get("detectedAt")).isEqualTo(was.get("detectedAt"));

        manager().get("/api/v1/campaigns/{id}/cases", followUp).then().statusCode(200)
                .body("items.developer.developerId", equalTo(List.of("dev-1", "dev-3")))
                .body("items.state", equalTo(List.of("PENDING", "PENDING")));
        manager().get("/api/v1/cases/{id}", caseOf(followUp, "dev-1")).then()
                .body("developer.ccEmails", equalTo(List.of("legal@example.com", "cto@example.com")))
                .body("developer.appIds", equalTo(List.of("app-1", "app-2")))
                .body("developer.lastAccessAt", equalTo("2026-03-20T10:00:00Z"))
                .body("riskTier", equalTo("HIGH"));
        manager().get("/api/v1/cases/{id}", caseOf(followUp, "dev-3")).then()
                .body("developer.name", equalTo("Drei, GmbH")).body("riskTier", equalTo("STANDARD"));
        manager().get("/api/v1/cases/{id}/events", caseOf(followUp, "dev-1")).then()
                .body("items.type", equalTo(List.of("CASE_OPENED")));

        // No filter: every developer, under the title given.
        String everyone = manager().contentType(ContentType.JSON).body(Map.of("title", "everyone again"))
                .post("/api/v1/campaigns/{id}/follow-up", source).then().statusCode(201)
                .body("title", equalTo("everyone again")).extract().path("id");
        manager().get("/api/v1/campaigns/{id}/summary", everyone).then().body("total", equalTo(4))
                .body("byState.PENDING", equalTo(4));
    }

    @Test
    void a_follow_up_that_cannot_be_made_says_why_and_creates_nothing() {
        String source = launchedCampaign("refused follow-ups");
        long campaigns = Sql.count(dataSource, "SELECT count(*) FROM dr_campaign");

        manager().contentType(ContentType.JSON).body(Map.of("filter", Map.of("state", "SLEEPING")))
                .post("/api/v1/campaigns/{id}/follow-up", source).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("filter.state"));
        manager().contentType(ContentType.JSON).body(Map.of("filter", Map.of("colour", "red")))
                .post("/api/v1/campaigns/{id}/follow-up", source).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("filter.colour"));
        manager().contentType(ContentType.JSON).body(Map.of("filter", Map.of("state", "VERIFIED")))
                .post("/api/v1/campaigns/{id}/follow-up", source).then().statusCode(409)
                .body("detail", containsString("matches the filter"));
        manager().contentType(ContentType.JSON).body(Map.of("title", "x".repeat(201)))
                .post("/api/v1/campaigns/{id}/follow-up", source).then().statusCode(400)
                .body("violations[0].field", equalTo("title"));
        as("viewer").contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/campaigns/{id}/follow-up", source).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/campaigns/{id}/follow-up", source).then().statusCode(401);
        manager().contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/campaigns/{id}/follow-up", "01a239e1-0000-7000-8000-000000000000").then()
                .statusCode(404);

        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_campaign")).as("no campaign was created")
                .isEqualTo(campaigns);
    }
}
