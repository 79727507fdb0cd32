package org.datarecall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.portal.PortalAccessForTests;
import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.Cases;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/** The audit stage: routing by policy, recording results, and the failed-audit loop. */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class AuditTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    @Inject
    Cases cases;

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    private String launched(String title, Map<String, Object> policy, String... rows) {
        return PortalFixture.launched(sweep, sender, title, policy, rows);
    }

    private static List<String> kindsMailed(String caseId) {
        return SmtpServer.receivedFor(caseId).stream().map(m -> SmtpServer.header(m, "X-DataRecall-Notice")).toList();
    }

    private static MimeMessage lastMail(String caseId, String kind) {
        return SmtpServer.receivedFor(caseId).stream().filter(m -> kind.equals(SmtpServer.header(m, "X-DataRecall-Notice")))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void an_audited_case_passes_and_is_verified_by_audit() throws Exception {
        String campaign = launched("audit pass", Map.of("audit", Map.of("mode", "ALL")), "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = PortalAccessForTests.tokenFrom(caseId, "DELETION_REQUEST");
        PortalAccessForTests.submit(token).then().statusCode(201);
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("AUDIT_PENDING"));
        manager().get("/api/v1/cases/{id}/events", caseId).then().body("items[-1].type", equalTo("AUDIT_REQUESTED"))
                .body("items[-1].data.selectionRule", equalTo("audit mode ALL"));

        as("auditor").contentType(ContentType.JSON)
                .body(Map.of("result", "PASS", "method", "DOCUMENT_REVIEW", "findings", "Deletion logs reviewed."))
                .post("/api/v1/cases/{id}/actions/record-audit", caseId).then().statusCode(200)
                .body("state", equalTo("VERIFIED")).body("verificationBasis", equalTo("AUDIT"));
        manager().get("/api/v1/cases/{id}/events", caseId).then().body("items[-1].type", equalTo("AUDIT_PASSED"))
                .body("items[-1].actor", equalTo("auditor")).body("items[-1].data.method", equalTo("DOCUMENT_REVIEW"))
                .body("items[-1].data.findings", equalTo("Deletion logs reviewed."));
        sender.sendDue();
        assertThat(kindsMailed(caseId)).contains("ATTESTATION_RECEIPT", "AUDIT_NOTICE", "AUDIT_RESULT");
        // A viewer may not record audits.
        as("viewer").contentType(ContentType.JSON).body(Map.of("result", "PASS", "method", "DOCUMENT_REVIEW"))
                .post("/api/v1/cases/{id}/actions/record-audit", caseId).then().statusCode(403);
    }

    @Test
    void a_failed_audit_opens_the_next_round_and_then_escalates() throws Exception {
        String campaign = launched("audit fail loop", Map.of("audit", Map.of("mode", "ALL"), "maxReRequests", 1),
                "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String first = PortalAccessForTests.tokenFrom(caseId, "DELETION_REQUEST");
        PortalAccessForTests.submit(first).then().statusCode(201);
        sweep.runOnce();
        as("auditor").contentType(ContentType.JSON)
                .body(Map.of("result", "FAIL", "method", "TECHNICAL_SCAN", "findings", "Backups still hold the data."))
                .post("/api/v1/cases/{id}/actions/record-audit", caseId).then().statusCode(200)
                .body("state", equalTo("DELETION_REQUESTED")).body("round", equalTo(2))
                .body("dueAt", equalTo("2026-07-01T09:00:00Z"));
        sender.sendDue();
        MimeMessage again = lastMail(caseId, "DELETION_REQUEST");
        assertThat(SmtpServer.text(again)).contains("Backups still hold the data.").contains("round 2");
        String second = PortalAccessForTests.tokenFrom(caseId, "DELETION_REQUEST");
        assertThat(second).isNotEqualTo(first);
        PortalAccessForTests.developer(first).get("/api/v1/portal/case").then().statusCode(401);
        PortalAccessForTests.developer(second).get("/api/v1/portal/case").then().statusCode(200)
                .body("round", equalTo(2));

        PortalAccessForTests.submit(second).then().statusCode(201);
        sweep.runOnce();
        as("auditor").contentType(ContentType.JSON)
                .body(Map.of("result", "FAIL", "method", "ONSITE_INSPECTION", "findings", "Still there."))
                .post("/api/v1/cases/{id}/actions/record-audit", caseId).then().statusCode(200)
                .body("state", equalTo("ESCALATED"));
        sender.sendDue();
        assertThat(kindsMailed(caseId)).contains("ESCALATION");
        manager().get("/api/v1/cases/{id}/attestations", caseId).then().body("items.round", equalTo(List.of(1, 2)));
    }

    @Test
    void a_sample_selects_by_the_documented_rule_and_high_risk_always() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Every third developer read data recently: HIGH risk.
            rows.add("s-" + i + ",Sampled " + i + ",s" + i + "@example.com,,," + (i % 3 == 0 ? "2026-03-20T00:00:00Z" : ""));
        }
        String campaign = launched("audit sample", Map.of("audit", Map.of("mode", "SAMPLE", "sampleRate", 0.4,
                "alwaysAuditHighRisk", true)), rows.toArray(String[]::new));
        Map<String, Boolean> expected = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String caseId = caseOf(campaign, "s-" + i);
            cases.apply(caseId, new org.datarecall.casework.domain.CaseCommand.SubmitAttestation(
                    UUID.randomUUID().toString(), "ab".repeat(32)));
            expected.put(caseId, i % 3 == 0 || draw(campaign, caseId) < 0.4);
        }
        sweep.runOnce();
        int audited = 0;
        for (Map.Entry<String, Boolean> e : expected.entrySet()) {
            String state = manager().get("/api/v1/cases/{id}", e.getKey()).path("state");
            assertThat(state).as("case %s", e.getKey()).isEqualTo(e.getValue() ? "AUDIT_PENDING" : "VERIFIED");
            audited += e.getValue() ? 1 : 0;
        }
        assertThat(audited).isGreaterThan(10).isLessThan(30);
    }

    /** The rule as the README states it, computed here without the service's code. */
    static double draw(String campaign, String caseId) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest((campaign + ":" + caseId).getBytes(StandardCharsets.UTF_8));
        return (ByteBuffer.wrap(d).getLong() >>> 11) / Math.pow(2, 53);
    }
}
