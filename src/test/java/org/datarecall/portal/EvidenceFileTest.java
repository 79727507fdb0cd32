package org.datarecall.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datarecall.portal.PortalFixture.developer;
import static org.datarecall.portal.PortalFixture.launched;
import static org.datarecall.portal.PortalFixture.submit;
import static org.datarecall.portal.PortalFixture.tokenFrom;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.datarecall.testing.OwnerDatabase;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * Evidence files through a developer link: checked by content, streamed into chunks, attached to an
 * attestation (and so part of its digest), read back by staff, removed when nobody attached them.
 * The test profile caps files at 2 MiB (two chunks).
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class EvidenceFileTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    static final int MAX = 2 * 1024 * 1024;

    @Inject
    DataSource dataSource;

    @Inject
    EvidenceCleanup cleanup;

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    static Response upload(String token, String contentType, String filename, byte[] body) {
        var request = developer(token).contentType(contentType).body(body);
        if (filename != null) {
            request = request.header("X-Filename", filename);
        }
        return request.post("/api/v1/portal/evidence");
    }

    static byte[] pdf(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        byte[] head = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void a_file_is_stored_with_its_digest_attached_to_the_attestation_and_read_back_by_staff() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "evidence happy path");
        String caseId = one.caseId();
        String token = one.token();

        byte[] log = pdf(1_500_000);
        Response pdf = upload(token, "application/pdf", "..%2F..%2Freports%2Fdeletion%20log%E2%9C%93%0A.pdf", log);
        pdf.then().statusCode(201).body("sha256", equalTo(sha256(log))).body("size", equalTo(log.length))
                .body("contentType", equalTo("application/pdf")).body("filename", equalTo("deletion log✓.pdf"));
        String pdfId = pdf.path("evidenceId");
        assertThat(count("SELECT count(*) FROM dr_evidence_chunk WHERE evidence_id = ?", pdfId)).isEqualTo(2);

        // Exactly at the limit, and text checked as UTF-8 across the chunk boundary.
        byte[] csv = csvOf(MAX);
        Response table = upload(token, "text/csv; charset=utf-8", "systems.csv", csv);
        table.then().statusCode(201).body("size", equalTo(MAX)).body("contentType", equalTo("text/csv"));
        String csvId = table.path("evidenceId");

        Map<String, Object> attestation = new HashMap<>(validAttestation());
        attestation.put("evidence", List.of(csvId, pdfId));
        Response receipt = submit(token, attestation);
        // In the order the attestation gives them, as its canonical JSON (and so its digest) has them.
        receipt.then().statusCode(201).body("evidence.evidenceId", contains(csvId, pdfId))
                .body("evidence.sha256", contains(sha256(csv), sha256(log)));

        Response stored = manager().get("/api/v1/cases/{id}/attestations", caseId);
        stored.then().body("items[0].attestation.evidence", hasSize(2))
                .body("items[0].attestation.evidence[0].evidenceId", equalTo(csvId))
                .body("items[0].attestation.evidence[0].sha256", equalTo(sha256(csv)))
                .body("items[0].attestation.evidence[0].size", equalTo(MAX))
                .body("items[0].attestation.evidence[0].contentType", equalTo("text/csv"))
                .body("items[0].attestation.evidence[0].filename", equalTo("systems.csv"))
                .body("items[0].attestation.evidence[1].sha256", equalTo(sha256(log)));
        String canonical = stored.path("items[0].canonical");
        assertThat(PortalTest.sha256(canonical)).isEqualTo(receipt.path("sha256"));
        assertThat(count("SELECT count(*) FROM dr_evidence WHERE case_id = ? AND attestation_id IS NOT NULL", caseId))
                .isEqualTo(2);

        for (String user : List.of("manager", "auditor", "viewer")) {
            Response file = as(user).get("/api/v1/cases/{id}/evidence/{file}", caseId, pdfId);
            file.then().statusCode(200).contentType("application/pdf")
                    .header("Content-Length", String.valueOf(log.length))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Disposition",
                            "attachment; filename=\"deletion log_.pdf\"; filename*=UTF-8''deletion%20log%E2%9C%93.pdf");
            assertThat(file.asByteArray()).isEqualTo(log);
        }
        assertThat(manager().get("/api/v1/cases/{id}/evidence/{file}", caseId, csvId).asByteArray()).isEqualTo(csv);

        // The staff case page lists the attached files with their digests; its links download them.
        Response signIn = org.datarecall.testing.StaffSession.signInForm()
                .formParam("j_username", "viewer").formParam("j_password", "viewer").post("/j_security_check");
        String session = signIn.cookie("datarecall-session");
        String page = given().cookie("datarecall-session", session).get("/dashboard/cases/{id}", caseId).then()
                .statusCode(200).extract().asString();
        String link = "/dashboard/downloads/cases/" + caseId + "/evidence/" + pdfId;
        assertThat(page).contains("deletion log✓.pdf").contains("1.4 MiB").contains(sha256(log)).contains(sha256(csv))
                .contains("href=\"" + link + "\"").contains("systems.csv");
        assertThat(given().cookie("datarecall-session", session).get(link).then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")).extract()
                .asByteArray()).isEqualTo(log);
        // The API itself does not take the pages' cookie.
        given().cookie("datarecall-session", session).get("/api/v1/cases/{id}/evidence/{file}", caseId, pdfId).then()
                .statusCode(401);

        // Attached files never change nor go, not even for the tables' owner.
        assertThatThrownBy(() -> OwnerDatabase.execute("DELETE FROM dr_evidence WHERE id = '" + pdfId + "'"))
                .hasMessageContaining("never deleted");
        assertThatThrownBy(() -> OwnerDatabase.execute("UPDATE dr_evidence SET filename = 'x.pdf' WHERE id = '"
                + pdfId + "'")).hasMessageContaining("only gains its attestation");
        assertThatThrownBy(() -> OwnerDatabase.execute("DELETE FROM dr_evidence_chunk WHERE evidence_id = '"
                + pdfId + "'")).hasMessageContaining("refused");
        assertThatThrownBy(() -> OwnerDatabase.execute("UPDATE dr_evidence_chunk SET bytes = '\\x00' "
                + "WHERE evidence_id = '" + pdfId + "'")).hasMessageContaining("refused");
        // The service's own role may change a file's attestation only, and never a chunk.
        assertThatThrownBy(() -> execute("UPDATE dr_evidence SET filename = 'x.pdf' WHERE id = '" + pdfId + "'"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> execute("DELETE FROM dr_evidence_chunk WHERE evidence_id = '" + pdfId + "'"))
                .hasMessageContaining("permission denied");
    }

    /** CSV lines with two-byte letters, so that a chunk boundary falls inside a character. */
    static byte[] csvOf(int size) {
        StringBuilder text = new StringBuilder("system,état\n");
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < size) {
            text.append("crm,supprimé\n".repeat(1000));
        }
        byte[] all = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] exact = java.util.Arrays.copyOf(all, size);
        // End on a whole character: replace a cut-off last letter by ASCII.
        for (int i = size - 1; i >= size - 3 && (exact[i] & 0x80) != 0; i--) {
            exact[i] = 'x';
        }
        return exact;
    }

    @Test
    void files_that_are_not_what_they_claim_empty_or_too_large_are_refused_and_nothing_is_stored() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "evidence refusals");
        String caseId = one.caseId();
        String token = one.token();
        byte[] html = "<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);

        refused(upload(token, "application/pdf", "report.pdf", html), 400, "evidence-refused",
                "the content is not a PDF document, as its Content-Type says");
        refused(upload(token, "image/png", "shot.png", pdf(100)), 400, "evidence-refused", "not a PNG image");
        refused(upload(token, "image/jpeg", "shot.jpg", pdf(100)), 400, "evidence-refused", "not a JPEG image");
        refused(upload(token, "application/pdf", "empty.pdf", new byte[0]), 400, "evidence-refused",
                "the file is empty");
        refused(upload(token, "application/pdf", "big.pdf", pdf(MAX + 1)), 413, "payload-too-large",
                "larger than " + MAX + " bytes");
        refused(upload(token, "text/html", "page.html", html), 415, "unsupported-media-type", "text/plain");
        refused(upload(token, "text/plain", "latin1.txt", new byte[] { 'c', 'a', 'f', (byte) 0xe9 }), 400,
                "evidence-refused", "not plain text in UTF-8");
        refused(upload(token, "text/plain", "nul.txt", new byte[] { 'a', 0, 'b' }), 400, "evidence-refused",
                "not plain text in UTF-8");
        refused(upload(token, "application/json", "export.json", "hello".getBytes(StandardCharsets.UTF_8)), 400,
                "evidence-refused", "not JSON in UTF-8");
        refused(upload(token, "application/pdf", null, pdf(100)), 400, "evidence-refused", "X-Filename");
        refused(upload(token, "application/pdf", "reports%2F..%2F%07%E2%80%AE", pdf(100)), 400, "evidence-refused",
                "X-Filename");
        upload("A".repeat(43), "application/pdf", "report.pdf", pdf(100)).then().statusCode(401);
        limiter.forgetAll();

        assertThat(count("SELECT count(*) FROM dr_evidence WHERE case_id = ?", caseId)).isZero();
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_evidence_chunk c WHERE NOT EXISTS "
                + "(SELECT 1 FROM dr_evidence e WHERE e.id = c.evidence_id)")).isZero();

        // A body without a declared length is counted as it streams: one byte over is refused mid-way.
        refused(developer(token).contentType("application/pdf").header("X-Filename", "streamed.pdf")
                .body(new java.io.ByteArrayInputStream(pdf(MAX + 1))).post("/api/v1/portal/evidence"), 413,
                "payload-too-large", "larger than " + MAX + " bytes");
        assertThat(count("SELECT count(*) FROM dr_evidence WHERE case_id = ?", caseId)).isZero();
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_evidence_chunk c WHERE NOT EXISTS "
                + "(SELECT 1 FROM dr_evidence e WHERE e.id = c.evidence_id)")).isZero();

        // JSON starting like JSON, after white space and a byte order mark, is taken.
        upload(token, "application/json", "export.json", "\uFEFF \n[{\"id\": 1}]".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(201).body("contentType", equalTo("application/json"));
    }

    @Test
    void a_case_holds_at_most_50_files_that_no_attestation_took() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "evidence quota");
        String caseId = one.caseId();
        String token = one.token();
        for (int i = 0; i < EvidenceUploads.MAX_WAITING; i++) {
            upload(token, "text/plain", "note-" + i + ".txt", ("note " + i).getBytes(StandardCharsets.UTF_8)).then()
                    .statusCode(201);
        }
        refused(upload(token, "text/plain", "one-more.txt", "more".getBytes(StandardCharsets.UTF_8)), 409, "conflict",
                "already holds 50 files");
        assertThat(count("SELECT count(*) FROM dr_evidence WHERE case_id = ?", caseId)).isEqualTo(50);
    }

    private static void refused(Response r, int status, String type, String detail) {
        r.then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:datarecall:problem:" + type))
                .body("detail", org.hamcrest.Matchers.containsString(detail));
    }

    @Test
    void an_attestation_takes_at_most_20_files_of_its_own_case_each_once() throws Exception {
        String campaign = launched(sweep, sender, "evidence rules", PortalTest.NO_AUDIT,
                "dev-1,Dev One,one@example.com,,,", "dev-2,Dev Two,two@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = tokenFrom(caseId, "DELETION_REQUEST");
        String otherToken = tokenFrom(caseOf(campaign, "dev-2"), "DELETION_REQUEST");
        String mine = upload(token, "text/plain", "log.txt", "deleted".getBytes(StandardCharsets.UTF_8)).path("evidenceId");
        String theirs = upload(otherToken, "text/plain", "log.txt", "deleted".getBytes(StandardCharsets.UTF_8))
                .path("evidenceId");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(UUID.randomUUID().toString());
        }
        fieldError(submit(token, with(many)), "evidence", "at most 20 files");
        fieldError(submit(token, with(List.of(theirs))), "evidence[0]", "no file with this id was uploaded for this case");
        fieldError(submit(token, with(List.of(mine, UUID.randomUUID().toString()))), "evidence[1]",
                "no file with this id was uploaded for this case");
        fieldError(submit(token, with(List.of(mine, mine))), "evidence[1]", "is listed twice");
        assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", caseId)).isZero();
        assertThat(count("SELECT count(*) FROM dr_evidence WHERE case_id = ? AND attestation_id IS NULL", caseId))
                .isOne();

        submit(token, with(List.of(mine))).then().statusCode(201);

        // A file attached once is never attached again, not even in the case's next round.
        manager().contentType("application/json").body(Map.of("reason", "The systems list leaves out the CRM."))
                .post("/api/v1/cases/{id}/actions/reject-attestation", caseId).then().statusCode(200);
        sender.sendDue();
        String second = tokenFrom(caseId, "DELETION_REQUEST");
        fieldError(submit(second, with(List.of(mine))), "evidence[0]", "this file is already attached to an attestation");
        assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", caseId)).isOne();
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));

        // Staff read a file only under its own case.
        String otherCase = caseOf(campaign, "dev-2");
        manager().get("/api/v1/cases/{id}/evidence/{file}", otherCase, mine).then().statusCode(404)
                .contentType("application/problem+json");
        manager().get("/api/v1/cases/{id}/evidence/{file}", caseId, theirs).then().statusCode(404);
        manager().get("/api/v1/cases/{id}/evidence/{file}", caseId, UUID.randomUUID()).then().statusCode(404);
        manager().get("/api/v1/cases/{id}/evidence/{file}", caseId, "not-an-id").then().statusCode(404);
        given().get("/api/v1/cases/{id}/evidence/{file}", caseId, mine).then().statusCode(401);
        developer(token).get("/api/v1/cases/{id}/evidence/{file}", caseId, mine).then().statusCode(401);
    }

    private static Map<String, Object> with(List<String> evidence) {
        Map<String, Object> a = new HashMap<>(validAttestation());
        a.put("evidence", evidence);
        return a;
    }

    private static void fieldError(Response r, String field, String message) {
        r.then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains(field)).body("violations.message", contains(message));
    }

    @Test
    void files_nobody_attached_within_a_day_are_removed_even_by_two_replicas_at_once() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "evidence cleanup");
        String caseId = one.caseId();
        String token = one.token();
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(upload(token, "application/pdf", "old-" + i + ".pdf", pdf(1_100_000)).path("evidenceId"));
        }
        String attached = upload(token, "text/plain", "kept.txt", "kept".getBytes(StandardCharsets.UTF_8))
                .path("evidenceId");
        submit(token, with(List.of(attached))).then().statusCode(201);
        // A file uploaded 23 hours later (the attested case takes no more through its link, so written here).
        execute("INSERT INTO dr_evidence (id, case_id, link_id, filename, content_type, size, sha256, uploaded_at) "
                + "SELECT gen_random_uuid(), case_id, link_id, 'fresh.txt', 'text/plain', 1, sha256, "
                + "uploaded_at + interval '23 hours' FROM dr_evidence WHERE id = '" + attached + "'");
        clock.advance(Duration.ofHours(24).plusMinutes(1));

        // Every file never attached and older than a day, of this test and of earlier ones (files sent for
        // an audit are attached too, to their supplement).
        long supplied = Sql.count(dataSource, "SELECT count(*) FROM dr_evidence WHERE supplement_id IS NOT NULL");
        long due = Sql.count(dataSource, "SELECT count(*) FROM dr_evidence WHERE attestation_id IS NULL "
                + "AND supplement_id IS NULL AND uploaded_at < ?", java.time.OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofDays(1)),
                java.time.ZoneOffset.UTC));
        assertThat(due).isGreaterThanOrEqualTo(5);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        List<Integer> removed = new ArrayList<>();
        try {
            List<Callable<Integer>> runs = List.of(cleanup::runOnce, cleanup::runOnce);
            for (Future<Integer> f : replicas.invokeAll(runs)) {
                removed.add(f.get());
            }
        } finally {
            replicas.shutdown();
        }
        assertThat(removed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(due);
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_evidence WHERE supplement_id IS NOT NULL"))
                .isEqualTo(supplied);
        assertThat(count("SELECT count(*) FROM dr_evidence WHERE case_id = ?", caseId)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dr_evidence WHERE case_id = ? AND filename = 'fresh.txt'", caseId))
                .isOne();
        assertThat(count("SELECT count(*) FROM dr_evidence WHERE id = ?", attached)).isOne();
        for (String id : old) {
            assertThat(count("SELECT count(*) FROM dr_evidence_chunk WHERE evidence_id = ?", id)).isZero();
        }
        assertThat(cleanup.runOnce()).isZero();
        manager().get("/api/v1/cases/{id}/evidence/{file}", caseId, attached).then().statusCode(200);
    }

    private long count(String sql, String id) {
        return Sql.count(dataSource, sql, UUID.fromString(id));
    }

    private void execute(String sql) throws SQLException {
        try (Connection con = dataSource.getConnection(); var st = con.createStatement()) {
            st.execute(sql);
        }
    }
}
