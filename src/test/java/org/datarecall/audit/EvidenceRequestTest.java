package org.datarecall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.datarecall.portal.PortalAccessForTests;
import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;

/**
 * An auditor asks for more evidence ({@code request-evidence}): the developer is mailed a link, the case
 * stays AUDIT_PENDING, and the link takes files for the audit, each recorded with its digest.
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class EvidenceRequestTest extends WorkflowTest {

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    static final String ASKED = "Send the purge log of the analytics warehouse, dated after 20 May.";

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    /** A case attested and picked for an audit (mode ALL), with the token of its deletion request. */
    private record Audited(String campaign, String caseId, String token) {
    }

    private Audited audited(String title) throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, title, Map.of("audit", Map.of("mode", "ALL")),
                "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = PortalAccessForTests.tokenFrom(caseId, "DELETION_REQUEST");
        PortalAccessForTests.submit(token).then().statusCode(201);
        sweep.runOnce();
        sender.sendDue();
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("AUDIT_PENDING"));
        return new Audited(campaign, caseId, token);
    }

    private static Response ask(String user, String caseId, Object body) {
        return as(user).contentType(ContentType.JSON).body(body)
                .post("/api/v1/cases/{id}/actions/request-evidence", caseId);
    }

    private static Response upload(String token, String text) {
        return PortalFixture.developer(token).contentType("text/plain").header("X-Filename", "purge-log.txt")
                .body(text.getBytes(StandardCharsets.UTF_8)).post("/api/v1/portal/evidence");
    }

    private static Response supply(String token, Object body) {
        return PortalFixture.developer(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/portal/evidence-supplement");
    }

    private static int eventCount(String caseId) {
        return manager().get("/api/v1/cases/{id}/events?limit=200", caseId).then().extract().path("items.size()");
    }

    private static MimeMessage lastMail(String caseId, String kind) {
        return SmtpServer.receivedFor(caseId).stream()
                .filter(m -> kind.equals(SmtpServer.header(m, "X-DataRecall-Notice"))).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void the_auditor_asks_the_developer_sends_files_and_each_digest_is_recorded() throws Exception {
        Audited c = audited("evidence request");
        // Nothing is asked yet: the link takes no file.
        upload(c.token(), "too early").then().statusCode(409);

        ask("auditor", c.caseId(), Map.of("reason", ASKED)).then().statusCode(200)
                .body("state", equalTo("AUDIT_PENDING"));
        manager().get("/api/v1/cases/{id}/events", c.caseId()).then()
                .body("items[-1].type", equalTo("EVIDENCE_REQUESTED")).body("items[-1].actor", equalTo("auditor"))
                .body("items[-1].data.reason", equalTo(ASKED)).body("items[-1].data.round", equalTo(1));
        sender.sendDue();
        MimeMessage mail = lastMail(c.caseId(), "EVIDENCE_REQUEST");
        assertThat(mail.getSubject()).isEqualTo("Evidence requested for your deletion: evidence request");
        assertThat(SmtpServer.text(mail)).contains("The audit of your deletion needs more evidence")
                .contains("Reason: " + ASKED).doesNotContain("Deadline:");
        String token = PortalFixture.tokenFrom(c.caseId(), "EVIDENCE_REQUEST");
        // The request brings a link of its own, which replaces the round's earlier one.
        PortalFixture.developer(c.token()).get("/api/v1/portal/case").then().statusCode(401);
        PortalFixture.developer(token).get("/api/v1/portal/case").then().statusCode(200)
                .body("state", equalTo("AUDIT_PENDING")).body("acceptsAttestation", equalTo(false))
                .body("evidenceRequest.reason", equalTo(ASKED)).body("evidenceRequest.supplied", hasSize(0));

        String text = "2026-05-20T10:00Z purge of warehouse table group_members: 1,204 rows\n";
        String evidenceId = upload(token, text).then().statusCode(201).extract().path("evidenceId");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        supply(token, Map.of("evidence", List.of(evidenceId), "comment", "The log of the purge job.")).then()
                .statusCode(201).body("evidence", hasSize(1)).body("evidence[0].evidenceId", equalTo(evidenceId))
                .body("evidence[0].sha256", equalTo(digest)).body("evidence[0].filename", equalTo("purge-log.txt"));

        manager().get("/api/v1/cases/{id}", c.caseId()).then().body("state", equalTo("AUDIT_PENDING"));
        manager().get("/api/v1/cases/{id}/events", c.caseId()).then()
                .body("items[-1].type", equalTo("EVIDENCE_SUPPLIED")).body("items[-1].actor", equalTo("developer:dev-1"))
                .body("items[-1].data.files[0].sha256", equalTo(digest))
                .body("items[-1].data.files[0].size", equalTo(text.getBytes(StandardCharsets.UTF_8).length))
                .body("items[-1].data.comment", equalTo("The log of the purge job."));
        PortalFixture.developer(token).get("/api/v1/portal/case").then()
                .body("evidenceRequest.supplied[0].sha256", equalTo(digest));
        byte[] downloaded = as("auditor").get("/api/v1/cases/{id}/evidence/{e}", c.caseId(), evidenceId).then()
                .statusCode(200).extract().asByteArray();
        assertThat(new String(downloaded, StandardCharsets.UTF_8)).isEqualTo(text);
        // A file is sent once; the request stays open for more until the audit is recorded.
        int before = eventCount(c.caseId());
        supply(token, Map.of("evidence", List.of(evidenceId))).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("evidence[0]"))
                .body("violations[0].message", containsString("already sent"));
        String second = upload(token, "second log\n").then().statusCode(201).extract().path("evidenceId");
        supply(token, Map.of("evidence", List.of(second))).then().statusCode(201);
        assertThat(eventCount(c.caseId())).isEqualTo(before + 1);

        as("auditor").contentType(ContentType.JSON)
                .body(Map.of("result", "PASS", "method", "DOCUMENT_REVIEW", "findings", "Purge logs reviewed."))
                .post("/api/v1/cases/{id}/actions/record-audit", c.caseId()).then().statusCode(200)
                .body("state", equalTo("VERIFIED"));
        // The audit is over: the link shows the case, and takes nothing more.
        PortalFixture.developer(token).get("/api/v1/portal/case").then().body("evidenceRequest", nullValue());
        upload(token, "late\n").then().statusCode(409);
        int closed = eventCount(c.caseId());
        supply(token, Map.of("evidence", List.of(second))).then().statusCode(409);
        assertThat(eventCount(c.caseId())).isEqualTo(closed);
    }

    @Test
    void a_bad_or_forbidden_request_changes_nothing() throws Exception {
        Audited c = audited("evidence request refusals");
        int before = eventCount(c.caseId());

        ask("auditor", c.caseId(), Map.of()).then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("reason"));
        ask("auditor", c.caseId(), Map.of("reason", "x", "dueAt", "2026-07-01T00:00:00Z")).then().statusCode(400);
        ask("viewer", c.caseId(), Map.of("reason", ASKED)).then().statusCode(403);
        assertThat(eventCount(c.caseId())).isEqualTo(before);

        // Only while the audit is open.
        String other = PortalFixture.launched(sweep, sender, "evidence request early", Map.of("audit",
                Map.of("mode", "ALL")), "dev-1,Dev One,one@example.com,,,");
        String waiting = caseOf(other, "dev-1");
        ask("manager", waiting, Map.of("reason", ASKED)).then().statusCode(409)
                .body("allowedActions", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("request-evidence")));

        // The developer: nothing to send to before the request; then ids that are not its files.
        supply(c.token(), Map.of("evidence", List.of("00000000-0000-0000-0000-000000000000"))).then().statusCode(409);
        ask("manager", c.caseId(), Map.of("reason", ASKED)).then().statusCode(200);
        sender.sendDue();
        String token = PortalFixture.tokenFrom(c.caseId(), "EVIDENCE_REQUEST");
        int asked = eventCount(c.caseId());
        supply(token, Map.of("evidence", List.of())).then().statusCode(400)
                .body("violations[0].field", equalTo("evidence"));
        supply(token, Map.of("evidence", List.of("not-an-id"))).then().statusCode(400)
                .body("violations[0].field", equalTo("evidence[0]"));
        supply(token, Map.of("evidence", List.of("00000000-0000-0000-0000-000000000000"))).then().statusCode(400)
                .body("violations[0].message", containsString("no file with this id"));
        // Another case's file, sent through this case's link: refused, and the file stays unsent.
        Audited theirs = audited("evidence request other case");
        ask("auditor", theirs.caseId(), Map.of("reason", ASKED)).then().statusCode(200);
        sender.sendDue();
        String othersFile = upload(PortalFixture.tokenFrom(theirs.caseId(), "EVIDENCE_REQUEST"), "theirs\n").then()
                .statusCode(201).extract().path("evidenceId");
        supply(token, Map.of("evidence", List.of(othersFile))).then().statusCode(400)
                .body("violations[0].field", equalTo("evidence[0]"))
                .body("violations[0].message", containsString("no file with this id"));
        assertThat(org.datarecall.testing.Sql.count(dataSource, "SELECT count(*) FROM dr_evidence WHERE id = '"
                + othersFile + "' AND supplement_id IS NULL")).isOne();
        String mine = upload(token, "mine\n").then().statusCode(201).extract().path("evidenceId");
        supply(token, Map.of("evidence", List.of(mine), "unknown", 1)).then().statusCode(400);
        supply("A".repeat(43), Map.of("evidence", List.of(mine))).then().statusCode(401);
        assertThat(eventCount(c.caseId())).isEqualTo(asked);
    }

    @Test
    void a_request_takes_a_bounded_number_of_sends_and_the_auditor_may_ask_again() throws Exception {
        Audited c = audited("evidence request bounded");
        ask("auditor", c.caseId(), Map.of("reason", ASKED)).then().statusCode(200);
        sender.sendDue();
        String token = PortalFixture.tokenFrom(c.caseId(), "EVIDENCE_REQUEST");
        for (int i = 0; i < 10; i++) {
            String id = upload(token, "part " + i + "\n").then().statusCode(201).extract().path("evidenceId");
            supply(token, Map.of("evidence", List.of(id))).then().statusCode(201);
        }
        String eleventh = upload(token, "part 10\n").then().statusCode(201).extract().path("evidenceId");
        int before = eventCount(c.caseId());
        supply(token, Map.of("evidence", List.of(eleventh))).then().statusCode(409)
                .body("detail", containsString("can ask again"));
        assertThat(eventCount(c.caseId())).isEqualTo(before);
        PortalFixture.developer(token).get("/api/v1/portal/case").then().body("evidenceRequest.supplied", hasSize(10));

        ask("auditor", c.caseId(), Map.of("reason", "One more: the backup log.")).then().statusCode(200);
        sender.sendDue();
        String again = PortalFixture.tokenFrom(c.caseId(), "EVIDENCE_REQUEST");
        supply(again, Map.of("evidence", List.of(eleventh))).then().statusCode(201);
        PortalFixture.developer(again).get("/api/v1/portal/case").then()
                .body("evidenceRequest.reason", equalTo("One more: the backup log."))
                .body("evidenceRequest.supplied", hasSize(1));
    }

    @Test
    void the_portal_page_asks_uploads_and_sends_with_plain_forms() throws Exception {
        Audited c = audited("evidence request page");
        ask("auditor", c.caseId(), Map.of("reason", ASKED)).then().statusCode(200);
        sender.sendDue();
        String token = PortalFixture.tokenFrom(c.caseId(), "EVIDENCE_REQUEST");
        String page = io.restassured.RestAssured.given().get("/attest/{t}", token).then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("The auditor asks for more evidence").contains(ASKED)
                .contains("action=\"/attest/" + token + "/supplement\"");

        io.restassured.RestAssured.given().redirects().follow(false)
                .multiPart("file", "log.txt", "purged\n".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/attest/{t}/evidence", token).then().statusCode(303);
        String listed = io.restassured.RestAssured.given().get("/attest/{t}", token).then().extract().asString();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("name=\"evidence\" value=\"([0-9a-f-]{36})\"")
                .matcher(listed);
        assertThat(id.find()).isTrue();
        // Nothing ticked: the page says what is missing, and nothing is sent.
        int before = eventCount(c.caseId());
        io.restassured.RestAssured.given().contentType(ContentType.URLENC).formParam("comment", "")
                .post("/attest/{t}/supplement", token).then().statusCode(400)
                .body(containsString("id=\"evidence-error\""));
        assertThat(eventCount(c.caseId())).isEqualTo(before);
        io.restassured.RestAssured.given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("evidence", id.group(1)).formParam("comment", "As asked.")
                .post("/attest/{t}/supplement", token).then().statusCode(303);
        String sent = io.restassured.RestAssured.given().get("/attest/{t}", token).then().extract().asString();
        assertThat(sent).contains("Files you sent for the audit").contains("class=\"supplied-digest\"");
        manager().get("/api/v1/cases/{id}/events", c.caseId()).then()
                .body("items[-1].type", equalTo("EVIDENCE_SUPPLIED")).body("items[-1].data.comment", equalTo("As asked."));
    }
}
