package org.datarecall.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.developer;
import static org.datarecall.portal.PortalFixture.launched;
import static org.datarecall.portal.PortalFixture.tokenFrom;
import static org.datarecall.portal.PortalFixture.tokensFrom;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** A new deadline always comes with a link that works, and never leaves a case that cannot be attested. */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class ExtendTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    private static Response portalCase(String token) {
        return developer(token).get("/api/v1/portal/case");
    }

    private static Response submit(String token) {
        return PortalFixture.submit(token, validAttestation());
    }

    private static ValidatableResponse extend(String caseId, String extension) {
        return manager().contentType(ContentType.JSON)
                .body(Map.of("extension", extension, "reason", "The developer asked for more time."))
                .post("/api/v1/cases/{id}/actions/extend", caseId).then();
    }

    @Test
    void extend_out_of_an_escalation_whose_rounds_are_used_up_opens_the_next_round() throws Exception {
        String campaign = launched(sweep, sender, "spent round",
                Map.of("maxReRequests", 0, "audit", Map.of("mode", "NONE")), "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String first = tokenFrom(caseId, "DELETION_REQUEST");
        submit(first).then().statusCode(201);
        manager().contentType(ContentType.JSON).body(Map.of("reason", "The backups are not covered."))
                .post("/api/v1/cases/{id}/actions/reject-attestation", caseId).then().statusCode(200)
                .body("state", equalTo("ESCALATED")).body("round", equalTo(1));

        // Round 1 already holds an attestation: the case says so instead of offering a form that must fail.
        portalCase(first).then().statusCode(200).body("acceptsAttestation", equalTo(false));
        submit(first).then().statusCode(409);

        extend(caseId, "P10D").statusCode(200).body("state", equalTo("DELETION_REQUESTED")).body("round", equalTo(2))
                .body("dueAt", equalTo(T0.plus(Duration.ofDays(40)).toString()));
        sender.sendDue();
        String second = tokenFrom(caseId, "DELETION_REQUEST");
        assertThat(second).isNotEqualTo(first);
        portalCase(first).then().statusCode(401);
        portalCase(second).then().statusCode(200).body("round", equalTo(2)).body("acceptsAttestation", equalTo(true));
        submit(second).then().statusCode(201);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ATTESTED")).body("round", equalTo(2));
        manager().get("/api/v1/cases/{id}/events", caseId).then()
                .body("items.find { it.type == 'DEADLINE_EXTENDED' }.data.round", equalTo(2));
    }

    @Test
    void an_ordinary_escalation_keeps_its_round_and_takes_a_late_attestation() throws Exception {
        String campaign = launched(sweep, sender, "silent escalation", Map.of("audit", Map.of("mode", "NONE")),
                "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = tokenFrom(caseId, "DELETION_REQUEST");
        manager().contentType(ContentType.JSON).body(Map.of("reason", "No answer to three mails."))
                .post("/api/v1/cases/{id}/actions/escalate", caseId).then().statusCode(200);
        portalCase(token).then().statusCode(200).body("acceptsAttestation", equalTo(true));
        submit(token).then().statusCode(201).body("late", equalTo(true));
    }

    @Test
    void a_deadline_that_outlives_the_link_comes_with_a_new_link() throws Exception {
        String campaign = launched(sweep, sender, "outlived link", Map.of("audit", Map.of("mode", "NONE")),
                "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String first = tokenFrom(caseId, "DELETION_REQUEST");

        // The link lives datarecall.token.ttl (180 days); the case is extended after that.
        clock.set(T0.plus(Duration.ofDays(200)));
        portalCase(first).then().statusCode(401);
        extend(caseId, "P30D").statusCode(200).body("dueAt", equalTo(T0.plus(Duration.ofDays(230)).toString()));
        sender.sendDue();
        String renewed = tokenFrom(caseId, "DELETION_REQUEST");
        assertThat(renewed).isNotEqualTo(first);
        portalCase(renewed).then().statusCode(200).body("acceptsAttestation", equalTo(true))
                .body("dueAt", equalTo(T0.plus(Duration.ofDays(230)).toString()));

        // Every extension issues a fresh link; the one before it stops working.
        extend(caseId, "P5D").statusCode(200);
        sender.sendDue();
        String latest = tokenFrom(caseId, "DELETION_REQUEST");
        assertThat(latest).isNotEqualTo(renewed);
        portalCase(renewed).then().statusCode(401);
        submit(latest).then().statusCode(201);
    }

    @Test
    void mail_still_waiting_when_its_link_is_replaced_goes_out_with_the_new_link() throws Exception {
        SmtpServer.down();
        String campaign = launched(sweep, sender, "mail waiting for its server",
                Map.of("audit", Map.of("mode", "NONE")), "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        // The deletion request could not be sent: it waits for a retry while the manager extends.
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.findAll { it.kind == 'DELETION_REQUEST' }.status", equalTo(List.of("QUEUED")));
        extend(caseId, "P10D").statusCode(200);

        SmtpServer.ensureUp();
        clock.advance(Duration.ofHours(2));
        sender.sendDue();
        List<String> tokens = tokensFrom(caseId, "DELETION_REQUEST");
        assertThat(tokens).hasSize(2);
        for (String token : tokens) {
            portalCase(token).then().statusCode(200).body("acceptsAttestation", equalTo(true));
        }
    }

    @Test
    void a_new_deadline_in_the_past_is_refused_and_changes_nothing() throws Exception {
        String campaign = launched(sweep, sender, "past deadline", Map.of(), "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        long version = manager().get("/api/v1/cases/{id}", caseId).then().extract().jsonPath().getLong("version");
        manager().contentType(ContentType.JSON)
                .body(Map.of("dueAt", T0.minusSeconds(60).toString(), "reason", "typo in the year"))
                .post("/api/v1/cases/{id}/actions/extend", caseId).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("dueAt"));
        manager().get("/api/v1/cases/{id}", caseId).then().body("version", equalTo((int) version))
                .body("dueAt", equalTo(T0.plus(Duration.ofDays(30)).toString()));
    }
}
