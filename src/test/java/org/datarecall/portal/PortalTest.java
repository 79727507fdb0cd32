package org.datarecall.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.launched;
import static org.datarecall.portal.PortalFixture.developer;
import static org.datarecall.portal.PortalFixture.submit;
import static org.datarecall.portal.PortalFixture.tokenFrom;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class PortalTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    static final Map<String, Object> NO_AUDIT = Map.of("audit", Map.of("mode", "NONE"));

    @Inject
    DataSource dataSource;

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    @Test
    void a_developer_reads_its_own_case_and_attests_once() throws Exception {
        String campaign = launched(sweep, sender, "portal happy path", NO_AUDIT, "dev-1,Dev One,one@example.com,,,",
                "dev-2,Dev Two,two@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String other = caseOf(campaign, "dev-2");
        String token = tokenFrom(caseId, "DELETION_REQUEST");

        developer(token).get("/api/v1/portal/case").then().statusCode(200)
                .body("caseId", equalTo(caseId)).body("developer.developerId", equalTo("dev-1"))
                .body("campaign.title", equalTo("portal happy path"))
                .body("campaign.dataCategories", containsInAnyOrder("group member names", "profile pictures"))
                .body("state", equalTo("DELETION_REQUESTED")).body("round", equalTo(1))
                .body("dueAt", equalTo("2026-07-01T09:00:00Z")).body("overdue", equalTo(false))
                .body("acceptsAttestation", equalTo(true)).body("receipt", nullValue());

        clock.advance(Duration.ofHours(1));
        Response answer = developer(token).header("User-Agent", "PortalTest/1.0").contentType(ContentType.JSON)
                .body(PortalFixture.signed(token, validAttestation())).post("/api/v1/portal/attestation");
        answer.then().statusCode(201).body("attestationId", notNullValue())
                .body("receivedAt", equalTo("2026-06-01T10:00:00Z")).body("sha256", matchesPattern("[0-9a-f]{64}"));
        String sha = answer.path("sha256");

        // Stored with its canonical text: anyone can recompute the digest the developer was given.
        Response stored = manager().get("/api/v1/cases/{id}/attestations", caseId);
        stored.then().statusCode(200).body("items", hasSize(1)).body("items[0].sha256", equalTo(sha))
                .body("items[0].late", equalTo(false)).body("items[0].round", equalTo(1))
                .body("items[0].attestation.signatoryName", equalTo("Ada Lovelace"))
                .body("items[0].attestation.method", equalTo("PURGE"))
                .body("items[0].userAgent", equalTo("PortalTest/1.0")).body("items[0].clientIp", notNullValue());
        String canonical = stored.path("items[0].canonical");
        assertThat(sha256(canonical)).isEqualTo(sha);
        assertThat(canonical).startsWith("{\"agreed\":true,\"attestationId\":\"" + answer.path("attestationId") + "\"")
                .doesNotContain(" :").doesNotContain("\n");

        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ATTESTED"));
        manager().get("/api/v1/cases/{id}/events", caseId).then()
                .body("items[-1].type", equalTo("ATTESTATION_RECEIVED"))
                .body("items[-1].actor", equalTo("developer:dev-1"))
                .body("items[-1].data.sha256", equalTo(sha)).body("items[-1].data.late", equalTo(false));

        // One attestation per round.
        submit(token, validAttestation()).then().statusCode(409).contentType("application/problem+json");
        assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", caseId)).isEqualTo(1);

        // The link still shows the case, now with its receipt.
        developer(token).get("/api/v1/portal/case").then().statusCode(200)
                .body("state", equalTo("ATTESTED")).body("acceptsAttestation", equalTo(false))
                .body("receipt.sha256", equalTo(sha));

        sender.sendDue();
        MimeMessage receipt = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> "ATTESTATION_RECEIPT".equals(SmtpServer.header(m, "X-DataRecall-Notice")))
                .findFirst().orElseThrow();
        assertThat(SmtpServer.text(receipt)).contains(sha).contains("/attest/" + token);

        // No audit in this campaign: the sweep verifies on the attestation alone.
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("VERIFIED"))
                .body("verificationBasis", equalTo("ATTESTATION"));
        manager().get("/api/v1/cases/{id}", other).then().body("state", equalTo("DELETION_REQUESTED"));
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().body("verified", equalTo(true));
    }

    @Test
    void forged_truncated_expired_and_superseded_links_get_the_same_401() throws Exception {
        String campaign = launched(sweep, sender, "bad links", NO_AUDIT, "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = tokenFrom(caseId, "DELETION_REQUEST");
        String forged = "A".repeat(43);
        List<String> bad = List.of(forged, token.substring(0, 42), token + "x", "", "not a token at all",
                token.substring(0, 42) + (token.charAt(42) == 'A' ? 'B' : 'A'));
        List<Map<String, Object>> answers = new ArrayList<>();
        for (String t : bad) {
            answers.add(unauthorized(developer(t).get("/api/v1/portal/case")));
            limiter.forgetAll();
        }
        answers.add(unauthorized(given().get("/api/v1/portal/case")));
        answers.add(unauthorized(given().auth().preemptive().basic("manager", "manager").get("/api/v1/portal/case")));
        answers.add(unauthorized(submit(forged, validAttestation())));
        limiter.forgetAll();
        // A body that is no attestation at all still gets the link's answer first.
        answers.add(unauthorized(developer(forged).contentType(ContentType.JSON).body("{not json")
                .post("/api/v1/portal/attestation")));
        answers.add(unauthorized(developer(forged).contentType(ContentType.JSON).post("/api/v1/portal/attestation")));
        limiter.forgetAll();

        // Expired: the same answer, after the link's lifetime (datarecall.token.ttl, 180 days).
        clock.set(T0.plus(Duration.ofDays(181)));
        answers.add(unauthorized(developer(token).get("/api/v1/portal/case")));
        clock.set(T0);
        developer(token).get("/api/v1/portal/case").then().statusCode(200);

        // Superseded: a rejected attestation opens round 2 with a new link; the old one stops working.
        submit(token, validAttestation()).then().statusCode(201);
        manager().contentType(ContentType.JSON).body(Map.of("reason", "The systems list leaves out the CRM."))
                .post("/api/v1/cases/{id}/actions/reject-attestation", caseId).then().statusCode(200)
                .body("state", equalTo("DELETION_REQUESTED")).body("round", equalTo(2));
        sender.sendDue();
        String second = tokenFrom(caseId, "DELETION_REQUEST");
        assertThat(second).isNotEqualTo(token);
        answers.add(unauthorized(developer(token).get("/api/v1/portal/case")));
        answers.add(unauthorized(submit(token, validAttestation())));
        developer(second).get("/api/v1/portal/case").then().statusCode(200).body("round", equalTo(2))
                .body("caseId", equalTo(caseId)).body("acceptsAttestation", equalTo(true));

        assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.getFirst()));
    }

    private static Map<String, Object> unauthorized(Response r) {
        r.then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"developer portal\""))
                .body("type", equalTo("urn:datarecall:problem:invalid-link"));
        return r.as(Map.class);
    }

    @Test
    void a_client_that_keeps_failing_is_answered_429_for_a_while() throws Exception {
        String campaign = launched(sweep, sender, "slow down", NO_AUDIT, "dev-1,Dev One,one@example.com,,,");
        String token = tokenFrom(caseOf(campaign, "dev-1"), "DELETION_REQUEST");
        // Failed reads and failed submissions count alike.
        for (int i = 0; i < 5; i++) {
            developer("B".repeat(43)).get("/api/v1/portal/case").then().statusCode(401);
            submit("C".repeat(43), validAttestation()).then().statusCode(401);
        }
        developer("B".repeat(43)).get("/api/v1/portal/case").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", equalTo("60"));
        // Even a working link waits: the client is slowed, whatever it sends.
        developer(token).get("/api/v1/portal/case").then().statusCode(429);
        given().get("/attest/{token}", token).then().statusCode(429).contentType(ContentType.HTML)
                .header("Retry-After", notNullValue());
        clock.advance(Duration.ofSeconds(61));
        developer(token).get("/api/v1/portal/case").then().statusCode(200);
    }

    @Test
    void an_attestation_whose_case_is_held_too_long_is_answered_503_and_nothing_is_stored() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "held case");
        String caseId = one.caseId();
        String token = one.token();
        Map<String, Object> signed = PortalFixture.signed(token, validAttestation());
        try (java.sql.Connection holder = dataSource.getConnection()) {
            // Another writer (an import, say) holds the case's row.
            holder.setAutoCommit(false);
            try (var st = holder.createStatement()) {
                st.execute("SELECT 1 FROM dr_case WHERE id = '" + caseId + "' FOR UPDATE");
            }
            long started = System.nanoTime();
            developer(token).contentType(ContentType.JSON).body(signed).post("/api/v1/portal/attestation").then()
                    .statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("60"))
                    .body("type", equalTo("urn:datarecall:problem:busy"));
            // The test profile waits PT2S for the lock, not for ever.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            holder.rollback();
        }
        manager().get("/api/v1/cases/{id}/attestations", caseId).then().body("items", equalTo(List.of()));
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));
        // Once the case is free, the same submission goes through.
        developer(token).contentType(ContentType.JSON).body(signed).post("/api/v1/portal/attestation").then()
                .statusCode(201);
    }

    @Test
    void invented_forwarded_addresses_change_neither_the_recorded_address_nor_the_limit() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "forged address");
        String caseId = one.caseId();
        String token = one.token();
        // No proxy is trusted here: X-Forwarded-For is the client's own words, and ignored.
        developer(token).header("X-Forwarded-For", "203.0.113.9").contentType(ContentType.JSON)
                .body(PortalFixture.signed(token, validAttestation())).post("/api/v1/portal/attestation").then()
                .statusCode(201);
        manager().get("/api/v1/cases/{id}/attestations", caseId).then().body("items[0].clientIp", equalTo("127.0.0.1"));
        for (int i = 0; i < 10; i++) {
            developer("B".repeat(43)).header("X-Forwarded-For", "198.51.100." + i).get("/api/v1/portal/case").then()
                    .statusCode(401);
        }
        developer("B".repeat(43)).header("X-Forwarded-For", "198.51.100.200").get("/api/v1/portal/case").then()
                .statusCode(429);
    }

    @Test
    void every_invalid_field_is_reported_and_nothing_is_stored() throws Exception {
        String campaign = launched(sweep, sender, "bad attestation", NO_AUDIT, "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = tokenFrom(caseId, "DELETION_REQUEST");

        Map<String, Object> bad = new HashMap<>();
        bad.put("kind", "MAYBE");
        bad.put("signatoryName", " ");
        bad.put("signatoryTitle", "x".repeat(201));
        bad.put("signatoryEmail", "not-an-address");
        bad.put("dataCategories", List.of("group member names", "passwords"));
        bad.put("deletedAt", "2027-01-01T00:00:00Z");
        bad.put("method", "SHRED");
        bad.put("systems", List.of());
        bad.put("sharedWithThirdParties", true);
        bad.put("thirdParties", List.of(" "));
        bad.put("statement", "x".repeat(10_001));
        bad.put("agreed", false);
        submit(token, bad).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:datarecall:problem:validation-failed"))
                .body("violations.field", containsInAnyOrder("kind", "signatoryName", "signatoryTitle",
                        "signatoryEmail", "dataCategories[1]", "dataCategories", "deletedAt", "method", "systems",
                        "backupsCovered", "thirdParties", "statement", "agreed", "authority", "signatoryCode"));

        Map<String, Object> early = new HashMap<>(validAttestation());
        early.put("deletedAt", "2024-12-31T23:59:59Z");
        submit(token, early).then().statusCode(400).body("violations.field", containsInAnyOrder("deletedAt"));

        Map<String, Object> never = new HashMap<>(validAttestation());
        never.put("kind", "NEVER_RETAINED");
        submit(token, never).then().statusCode(400).body("violations.field", containsInAnyOrder("deletedAt", "method"));

        Map<String, Object> shared = new HashMap<>(validAttestation());
        shared.put("thirdParties", List.of("Analytics Inc."));
        submit(token, shared).then().statusCode(400).body("violations.field", containsInAnyOrder("thirdParties"));

        Map<String, Object> unknown = new HashMap<>(validAttestation());
        unknown.put("colour", "blue");
        submit(token, unknown).then().statusCode(400).body("violations[0].field", equalTo("colour"));
        developer(token).contentType(ContentType.JSON).body("{\"kind\": ").post("/api/v1/portal/attestation").then()
                .statusCode(400).contentType("application/problem+json");
        developer(token).contentType(ContentType.JSON).post("/api/v1/portal/attestation").then().statusCode(400);
        developer(token).contentType(ContentType.JSON).body("{\"statement\":\"" + "x".repeat(1_100_000) + "\"}")
                .post("/api/v1/portal/attestation").then().statusCode(413).contentType("application/problem+json");
        developer(token).contentType(ContentType.TEXT).body("kind=DELETED").post("/api/v1/portal/attestation").then()
                .statusCode(415).contentType("application/problem+json");

        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));
        assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", caseId)).isZero();
        assertThat(count("SELECT count(*) FROM dr_case_event WHERE case_id = ?", caseId)).isEqualTo(3);

        // Never retained: no deletion time, no method.
        never.remove("deletedAt");
        never.put("method", "NOT_APPLICABLE");
        submit(token, never).then().statusCode(201);
    }

    @Test
    void markup_is_kept_as_text_and_escaped_on_the_page_and_in_mail() throws Exception {
        String campaign = launched(sweep, sender, "markup <b>campaign</b>", NO_AUDIT,
                "dev-1,\"<script>alert('name')</script>\",one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = tokenFrom(caseId, "DELETION_REQUEST");
        Map<String, Object> a = new HashMap<>(validAttestation());
        // Markup in every text field.
        a.put("signatoryName", "<script>alert(1)</script>");
        a.put("signatoryTitle", "<b onmouseover=alert(3)>CTO</b>");
        a.put("statement", "<img src=x onerror=alert(2)> \"quoted\" & more");
        a.put("systems", List.of("<iframe src=//evil.example>"));
        a.put("sharedWithThirdParties", true);
        a.put("thirdParties", List.of("<a href=javascript:alert(4)>Partner</a>"));
        a.put("retained", "</textarea><script>alert(5)</script>");
        a.put("verification", "<svg onload=alert(6)>");
        submit(token, a).then().statusCode(201);
        String canonical = manager().get("/api/v1/cases/{id}/attestations", caseId).path("items[0].canonical");
        assertThat(canonical).contains("\"signatoryName\":\"<script>alert(1)</script>\"")
                .contains("\\\"quoted\\\" & more");
        manager().get("/api/v1/cases/{id}/attestations", caseId).then()
                .body("items[0].attestation.retained", equalTo("</textarea><script>alert(5)</script>"))
                .body("items[0].attestation.thirdParties[0]", equalTo("<a href=javascript:alert(4)>Partner</a>"));

        String page = given().get("/attest/{token}", token).then().statusCode(200).contentType(ContentType.HTML)
                .extract().asString();
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<b>campaign</b>")
                .contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;").contains("markup &lt;b&gt;campaign&lt;/b&gt;");

        sender.sendDue();
        MimeMessage receipt = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> "ATTESTATION_RECEIPT".equals(SmtpServer.header(m, "X-DataRecall-Notice")))
                .findFirst().orElseThrow();
        assertThat(SmtpServer.html(receipt)).doesNotContain("<script>").doesNotContain("<b>campaign</b>");
    }

    @Test
    void racing_submissions_on_one_case_exactly_one_wins() throws Exception {
        String campaign = launched(sweep, sender, "race", NO_AUDIT, "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = tokenFrom(caseId, "DELETION_REQUEST");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> submit(token, validAttestation()).statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409);
        assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", caseId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dr_case_event WHERE case_id = ? AND type = 'ATTESTATION_RECEIVED'",
                caseId)).isEqualTo(1);
    }

    @Test
    void an_escalated_developer_may_still_attest_and_it_is_marked_late() throws Exception {
        String campaign = launched(sweep, sender, "late", Map.of("attestationWindow", "PT1H", "escalateAfter", "PT1H",
                "reminderOffsets", List.of(), "audit", Map.of("mode", "NONE")), "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = tokenFrom(caseId, "DELETION_REQUEST");
        clock.advance(Duration.ofHours(3));
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ESCALATED"));
        developer(token).get("/api/v1/portal/case").then().body("overdue", equalTo(true))
                .body("acceptsAttestation", equalTo(true));
        submit(token, validAttestation()).then().statusCode(201);
        manager().get("/api/v1/cases/{id}/attestations", caseId).then().body("items[0].late", equalTo(true))
                .body("items[0].attestation.late", equalTo(true));
        manager().get("/api/v1/cases/{id}/events", caseId).then().body("items[-1].data.late", equalTo(true));
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ATTESTED"));
    }

    private long count(String sql, String caseId) {
        return Sql.count(dataSource, sql, UUID.fromString(caseId));
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
