package org.datarecall.pack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.developer;
import static org.datarecall.portal.PortalFixture.submit;
import static org.datarecall.portal.PortalFixture.tokenFrom;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.datarecall.evidence.CaseReport;
import org.datarecall.evidence.CheckpointKeysForTests;
import org.datarecall.portal.CanonicalJson;
import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.Api;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The evidence pack of a real campaign — attested with a file, audited, a finding, mail sent — as the
 * service streams it, checked by its own {@code Verify.java} run as a separate {@code java} process; then
 * one changed byte in each kind of file, and the check names the file.
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidencePackTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    @Inject
    DataSource dataSource;

    @Inject
    CaseReport caseReport;

    @Inject
    PackStatement packStatement;

    Path dir;

    @BeforeAll
    void workDir() throws IOException {
        dir = Files.createTempDirectory("evidence-pack-test");
    }

    @AfterAll
    void cleanUp() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    /** A campaign of three developers: one attested with a file and audited, one with a finding, one silent. */
    record Campaign(String id, String attested, String withFinding, String silent, String evidenceId, byte[] file) {
    }

    Campaign campaign(String title) throws Exception {
        Map<String, Object> body = new HashMap<>(Api.campaignBody(title));
        body.put("policy", Map.of("audit", Map.of("mode", "ALL")));
        String campaign = manager().contentType(ContentType.JSON).body(body).post("/api/v1/campaigns").then()
                .statusCode(201).extract().path("id");
        String csv = "developerId,name,email,ccEmails,appIds,lastAccessAt\n"
                + "dev-1,Dévelopeur Ünö ✓,one@example.com,cc@example.com,app-1,\n"
                + "dev-2,Dev Two,two@example.com,,app-2,\ndev-3,Dev Three,three@example.com,,,\n";
        manager().contentType("text/csv; charset=UTF-8").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/campaigns/{id}/developers", campaign).then().statusCode(200);
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        String one = caseOf(campaign, "dev-1");
        String two = caseOf(campaign, "dev-2");
        String three = caseOf(campaign, "dev-3");
        byte[] file = new byte[300_000];
        new Random(7).nextBytes(file);
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 9);
        String token = tokenFrom(one, "DELETION_REQUEST");
        String evidenceId = developer(token).contentType("application/pdf").header("X-Filename", "purge log.pdf")
                .body(file).post("/api/v1/portal/evidence").then().statusCode(201).extract().path("evidenceId");
        Map<String, Object> attestation = new HashMap<>(validAttestation());
        attestation.put("evidence", List.of(evidenceId));
        submit(token, attestation).then().statusCode(201);
        submit(tokenFrom(two, "DELETION_REQUEST"), validAttestation()).then().statusCode(201);
        // Attested deleted on 2026-05-20; the platform saw app-2 called on the 25th.
        manager().contentType("text/csv").body("appId,day,calls,usersAffected\napp-2,2026-05-25,9,4\n")
                .post("/api/v1/campaigns/{id}/access-records", campaign).then().statusCode(200);
        sweep.runOnce();
        as("auditor").contentType(ContentType.JSON)
                .body(Map.of("result", "PASS", "method", "DOCUMENT_REVIEW", "findings", "Purge log reviewed."))
                .post("/api/v1/cases/{id}/actions/record-audit", one).then().statusCode(200)
                .body("state", equalTo("VERIFIED"));
        sender.sendDue();
        return new Campaign(campaign, one, two, three, evidenceId, file);
    }

    static byte[] download(String user, String path, Object id) {
        return given().auth().preemptive().basic(user, user).get(path, id).then().statusCode(200)
                .contentType("application/zip").extract().asByteArray();
    }

    Path save(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** The pack's own Verify.java, run on the pack by a separate JVM: its exit code and output. */
    record Checked(int exit, String output) {
    }

    Checked verify(Path pack) throws Exception {
        Path source = dir.resolve("Verify.java");
        if (!Files.exists(source)) {
            try (ZipFile zip = new ZipFile(pack.toFile()); InputStream in = zip.getInputStream(zip.getEntry(
                    "verify/Verify.java"))) {
                Files.write(source, in.readAllBytes());
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, source.toString(), pack.toString()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Checked(process.exitValue(), output);
    }

    static Map<String, byte[]> entries(Path pack) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(pack.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    files.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return files;
    }

    /** A copy of the pack with one byte of one file changed (each file recompressed, in the same order). */
    Path changed(Path pack, String name, int offset) throws IOException {
        byte b = entries(pack).get(name)[offset];
        return changed(pack, name, offset, (byte) (b == '0' ? '1' : b == 'a' ? 'b' : b ^ 1));
    }

    /** The pack with the byte at {@code offset} of one file set to {@code to}. */
    Path changed(Path pack, String name, int offset, byte to) throws IOException {
        Map<String, byte[]> files = entries(pack);
        byte[] bytes = files.get(name).clone();
        bytes[offset] = to;
        files.put(name, bytes);
        return rezip(files, "changed-" + name.replaceAll("[^A-Za-z0-9.]", "_") + "-" + offset + ".zip");
    }

    static int offsetOf(byte[] bytes, String text, int from) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer: for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not found");
    }

    static int lineStart(byte[] bytes, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = offsetOf(bytes, "\n", offset) + 1;
        }
        return offset;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void a_campaign_pack_holds_every_record_verifies_and_names_each_changed_file() throws Exception {
        Campaign c = campaign("Pack - Räumung ✓");
        Path pack = save("campaign.zip", download("viewer", "/api/v1/campaigns/{id}/evidence-pack", c.id()));
        Map<String, byte[]> files = entries(pack);
        List<String> names = new ArrayList<>(files.keySet());

        // The layout, manifest last, every other file listed with its digest and size in the order written.
        assertThat(names.getLast()).isEqualTo("manifest.json");
        assertThat(names).contains("campaign.json", "statement.json", "cases.csv", "events.jsonl", "checkpoints.json",
                "keys.json", "verify/Verify.java", "VERIFY.md", "certificates/" + c.attested() + ".pdf",
                "certificates/" + c.withFinding() + ".pdf", "certificates/" + c.silent() + ".pdf");
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
        String[] lines = manifest.split("\n");
        assertThat(lines).hasSize(names.size() + 1);
        for (int i = 0; i < names.size() - 1; i++) {
            String name = names.get(i);
            assertThat(lines[i + 1]).startsWith("{\"path\":\"" + name + "\",\"sha256\":\"" + sha256(files.get(name))
                    + "\",\"size\":" + files.get(name).length + "}");
        }
        String attestationId = manager().get("/api/v1/cases/{id}/attestations", c.attested()).then().extract()
                .path("items[0].attestationId");
        String digest = manager().get("/api/v1/cases/{id}/attestations", c.attested()).then().extract()
                .path("items[0].sha256");
        String attestationFile = "attestations/" + c.attested() + "-" + attestationId + ".json";
        assertThat(sha256(files.get(attestationFile))).isEqualTo(digest);
        String evidenceFile = "attestations/" + attestationId + "/files/" + c.evidenceId() + "-purge log.pdf";
        assertThat(files.get(evidenceFile)).isEqualTo(c.file());
        assertThat(names.stream().filter(n -> n.startsWith("attestations/") && n.endsWith(".json"))).hasSize(2);

        // Every event, as the API shows it.
        String events = new String(files.get("events.jsonl"), StandardCharsets.UTF_8);
        long stored = Sql.count(dataSource, "SELECT count(*) FROM dr_case_event WHERE campaign_id = ?::uuid", c.id());
        assertThat(events.lines().count()).isEqualTo(stored);
        assertThat(events).contains("\"type\":\"AUDIT_PASSED\"", "\"type\":\"FINDING\"",
                "\"sha256\\\":\\\"" + digest + "\\\"");

        // The statement's figures.
        String statement = new String(files.get("statement.json"), StandardCharsets.UTF_8);
        assertThat(statement).contains("\"cases\" : 3", "\"developersNotified\" : 3", "\"audited\" : 2",
                "\"AUDIT\" : 1", "\"ACCESS_AFTER_DELETION\" : 1", "\"usersAffected\" : 4",
                "\"medianDaysToAttest\" : 0.0", "\"p90DaysToAttest\" : 0.0", "\"casesPerStateByDay\"",
                "\"funnel\"", "\"attestationsPerDay\"");
        String csv = new String(files.get("cases.csv"), StandardCharsets.UTF_8);
        assertThat(csv.split("\r\n")).hasSize(4);
        assertThat(csv).contains(digest).contains("ACCESS_AFTER_DELETION");

        // Sent mail, without a working link.
        long sent = Sql.count(dataSource, "SELECT count(*) FROM dr_notice WHERE campaign_id = ?::uuid AND status = 'SENT'",
                c.id());
        List<String> mails = names.stream().filter(n -> n.startsWith("mail/")).toList();
        assertThat(mails).hasSize((int) sent).isNotEmpty();
        boolean redacted = false;
        for (String name : mails) {
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()),
                    new java.io.ByteArrayInputStream(files.get(name)));
            assertThat(mail.getMessageID()).isNotBlank();
            assertThat(mail.getFrom()[0].toString()).isEqualTo("recall@platform.example");
            MimeMultipart body = (MimeMultipart) mail.getContent();
            String text = (String) body.getBodyPart(0).getContent();
            String html = (String) body.getBodyPart(1).getContent();
            assertThat(text + html).doesNotContain("/attest/").doesNotContain("DEVELOPER_LINK");
            redacted |= text.contains(MailFiles.REDACTED);
            if ("REVOCATION_NOTICE".equals(mail.getHeader("X-DataRecall-Notice", null))
                    && c.attested().equals(mail.getHeader("X-DataRecall-Case", null))) {
                assertThat(mail.getSubject()).contains("Räumung ✓");
                assertThat(mail.getHeader("Cc", null)).isEqualTo("cc@example.com");
            }
        }
        assertThat(redacted).isTrue();
        for (String token : PortalFixture.tokensFrom(c.attested(), "DELETION_REQUEST")) {
            for (byte[] bytes : files.values()) {
                assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(token);
            }
        }

        // The certificate names the developer and the attestation's digest.
        String certificate = text(files.get("certificates/" + c.attested() + ".pdf"));
        assertThat(certificate).contains("Dévelopeur Ünö ?").contains(digest).contains("AUDIT_PASSED")
                .contains("No checkpoint covers this case yet");
        assertThat(text(files.get("certificates/" + c.withFinding() + ".pdf"))).contains("ACCESS_AFTER_DELETION");

        // No checkpoint yet: the pack says so, and the chains still verify.
        assertThat(new String(files.get("checkpoints.json"), StandardCharsets.UTF_8)).contains("no checkpoint");
        Checked ok = verify(pack);
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("OK").contains(stored + " hashes and chain links of 3 cases")
                .contains("2 digests").contains("1 attached files").contains("no checkpoint has been taken yet")
                .contains(files.size() - 1 + " files");

        // A checkpoint, then a new signing key, one more event, and a second checkpoint under the new key.
        String first = take(c.id());
        String originalKey = ConfigProvider.getConfig().getValue("datarecall.checkpoint.signing-key", String.class);
        KeyPair next = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String oldPublic = keys().getFirst().get("publicKey");
        try {
            CheckpointKeysForTests.rotate(Base64.getEncoder().encodeToString(next.getPrivate().getEncoded()),
                    List.of(oldPublic));
            manager().contentType(ContentType.JSON).body(Map.of("reason", "not affected after all"))
                    .post("/api/v1/cases/{id}/actions/withdraw", c.silent()).then().statusCode(200);
            String second = take(c.id());
            assertThat(second).isNotEqualTo(first);
        } finally {
            CheckpointKeysForTests.rotate(originalKey, List.of());
        }
        pack = save("checkpointed.zip", download("manager", "/api/v1/campaigns/{id}/evidence-pack", c.id()));
        files = entries(pack);
        String checkpoints = new String(files.get("checkpoints.json"), StandardCharsets.UTF_8);
        String latest = checkpoints.substring(checkpoints.indexOf("\"latest\":\"") + 10).substring(0, 36);
        String heads = "checkpoints/" + latest + "-heads.csv";
        assertThat(files).containsKey(heads);
        assertThat(new String(files.get(heads), StandardCharsets.US_ASCII).lines()).hasSize(3);
        assertThat(new String(files.get("keys.json"), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"keyId\""))).hasSizeGreaterThanOrEqualTo(2);
        // The older checkpoint was signed with the earlier key, which keys.json still gives.
        List<String> keyIds = checkpoints.lines().filter(l -> l.contains("\"checkpointId\""))
                .map(l -> l.substring(l.indexOf("\"keyId\":\"") + 9, l.indexOf("\"keyId\":\"") + 25)).toList();
        assertThat(keyIds).hasSize(2).doesNotHaveDuplicates();
        assertThat(new String(files.get("keys.json"), StandardCharsets.UTF_8)).contains(keyIds.get(0), keyIds.get(1));
        Checked signed = verify(pack);
        assertThat(signed.exit()).as(signed.output()).isZero();
        assertThat(signed.output()).contains("2 signatures verified").contains("rebuilt from 3 heads")
                .doesNotContain("no checkpoint");
        assertThat(text(files.get("certificates/" + c.attested() + ".pdf")))
                .contains(checkpoints.substring(checkpoints.indexOf("\"root\":\"", checkpoints.indexOf("\"checkpointId\":\"" + latest)) + 8)
                        .substring(0, 64));

        // One byte changed in any file fails the check, which names the file (and the line where there is one).
        byte[] eventBytes = files.get("events.jsonl");
        int line3 = lineStart(eventBytes, 3);
        assertFails(changed(pack, "events.jsonl", offsetOf(eventBytes, "\"data\":\"{", line3) + 12),
                "events.jsonl:3: hash does not match the event's canonical form");
        assertFails(changed(pack, attestationFile, offsetOf(files.get(attestationFile), "Ada", 0)), attestationFile);
        assertFails(changed(pack, evidenceFile, 1000), evidenceFile);
        assertFails(changed(pack, mails.getFirst(), offsetOf(files.get(mails.getFirst()), "Subject: ", 0) + 9),
                mails.getFirst());
        assertFails(changed(pack, "cases.csv", offsetOf(files.get("cases.csv"), "dev-2", 0)), "cases.csv");
        assertFails(changed(pack, "manifest.json", lineStart(files.get("manifest.json"), 4) + 40), "manifest.json:4");
        assertFails(changed(pack, "certificates/" + c.silent() + ".pdf", 100), "certificates/" + c.silent() + ".pdf");
        byte[] checkpointBytes = files.get("checkpoints.json");
        assertFails(changed(pack, "checkpoints.json", offsetOf(checkpointBytes, "\"signature\":\"", 0) + 20),
                "checkpoints.json:2: the signature of checkpoint");
        assertFails(changed(pack, "keys.json", offsetOf(files.get("keys.json"), "\"publicKey\":\"", 0) + 40),
                "keys.json:2");
        assertFails(changed(pack, heads, lineStart(files.get(heads), 2) + 50), heads + ":2");
        // A pack that no longer names its newest checkpoint as the latest cannot skip the heads check.
        assertFails(replaced(pack, "checkpoints.json", "\"latest\":\"" + latest + "\"", "\"latest\":null"),
                "\"latest\" must name the newest checkpoint");
    }

    /** The pack with one text replaced in one file. */
    Path replaced(Path pack, String name, String text, String by) throws IOException {
        Map<String, byte[]> files = entries(pack);
        String content = new String(files.get(name), StandardCharsets.UTF_8);
        assertThat(content).contains(text);
        files.put(name, content.replace(text, by).getBytes(StandardCharsets.UTF_8));
        return rezip(files, "replaced-" + name.replaceAll("[^A-Za-z0-9.]", "_") + ".zip");
    }

    private Path rezip(Map<String, byte[]> files, String savedAs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return save(savedAs, out.toByteArray());
    }

    private static String take(String campaign) {
        return manager().post("/api/v1/campaigns/{id}/checkpoints", campaign).then().statusCode(201).extract()
                .path("id");
    }

    private static List<Map<String, String>> keys() {
        return given().get("/.well-known/datarecall-keys").then().statusCode(200).extract().path("keys");
    }

    void assertFails(Path pack, String named) throws Exception {
        Checked checked = verify(pack);
        assertThat(checked.exit()).as(checked.output()).isEqualTo(1);
        assertThat(checked.output()).as(checked.output()).contains("FAILED: ").contains(named);
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void a_case_pack_holds_that_case_only_and_verifies() throws Exception {
        Campaign c = campaign("one case pack");
        String checkpoint = take(c.id());
        Path pack = save("case.zip", download("auditor", "/api/v1/cases/{id}/evidence-pack", c.attested()));
        Map<String, byte[]> files = entries(pack);
        assertThat(files.keySet()).contains("certificates/" + c.attested() + ".pdf")
                .noneMatch(n -> n.contains(c.withFinding()) || n.contains(c.silent()));
        String events = new String(files.get("events.jsonl"), StandardCharsets.UTF_8);
        assertThat(events.lines()).allMatch(l -> l.contains("\"caseId\":\"" + c.attested() + "\""));
        assertThat(new String(files.get("cases.csv"), StandardCharsets.UTF_8).split("\r\n")).hasSize(2);
        assertThat(files.keySet().stream().filter(n -> n.startsWith("mail/"))).hasSize((int) Sql.count(dataSource,
                "SELECT count(*) FROM dr_notice WHERE case_id = ?::uuid AND status = 'SENT'", c.attested()));
        assertThat(text(files.get("certificates/" + c.attested() + ".pdf"))).contains("Checkpoint " + checkpoint)
                .contains("Covers events 1 to 7 of this case");
        Checked ok = verify(pack);
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("1 digests").contains("of 1 cases").contains("leaf ").contains(" of 3 under");
        assertThat(files).containsKey("checkpoints/" + checkpoint + "-proof.json").doesNotContainKey(
                "checkpoints/" + checkpoint + "-heads.csv");
        assertFails(changed(pack, "checkpoints/" + checkpoint + "-proof.json", offsetOf(files.get("checkpoints/"
                + checkpoint + "-proof.json"), "\"auditPath\":[\"", 0) + 20), "-proof.json");
        // A digit that is no hex digit at all is the proof's failure too, not an unreadable pack.
        assertFails(changed(pack, "checkpoints/" + checkpoint + "-proof.json", offsetOf(files.get("checkpoints/"
                + checkpoint + "-proof.json"), "\"auditPath\":[\"", 0) + 20, (byte) 'g'), "-proof.json");

        // A case opened after the latest checkpoint has no leaf in it: its pack says so, its chain still verifies.
        manager().contentType("text/csv").body("developerId,name,email,ccEmails,appIds,lastAccessAt\n"
                + "dev-4,Dev Four,four@example.com,,,\n").post("/api/v1/campaigns/{id}/developers", c.id()).then()
                .statusCode(200);
        Path later = save("later-case.zip", download("viewer", "/api/v1/cases/{id}/evidence-pack",
                caseOf(c.id(), "dev-4")));
        Checked opened = verify(later);
        assertThat(opened.exit()).as(opened.output()).isZero();
        assertThat(opened.output()).contains("opened after the latest checkpoint");
    }

    @Test
    void staff_only_and_a_broken_download_leaves_nothing_behind() throws Exception {
        Campaign c = campaign("interrupted pack");
        given().get("/api/v1/campaigns/{id}/evidence-pack", c.id()).then().statusCode(401);
        given().header("Authorization", "Bearer " + tokenFrom(c.silent(), "DELETION_REQUEST"))
                .get("/api/v1/campaigns/{id}/evidence-pack", c.id()).then().statusCode(401);
        given().get("/api/v1/cases/{id}/evidence-pack", c.silent()).then().statusCode(401);
        given().auth().preemptive().basic("manager", "manager")
                .get("/api/v1/campaigns/{id}/evidence-pack", "00000000-0000-0000-0000-000000000000").then()
                .statusCode(404);

        // The client goes away after the first bytes of a pack much larger than any buffer.
        String request = "GET /api/v1/campaigns/" + c.id() + "/evidence-pack HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes()) + "\r\n\r\n";
        for (int i = 0; i < 3; i++) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                byte[] first = socket.getInputStream().readNBytes(2000);
                assertThat(new String(first, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            }
        }
        // Nothing is left open in the database, and the next download is whole. A download still stopping
        // shows idle in transaction between its writes, so "none" must hold for a second, not one look.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline && quiet < 10) {
            quiet = openSnapshots() == 0 ? quiet + 1 : 0;
            Thread.sleep(100);
        }
        assertThat(quiet).as("looks in a row without a transaction left open").isEqualTo(10);
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.filter(f -> f.getFileName().toString().startsWith("datarecall-cases")))
                    .as("the report's temporary file is gone").isEmpty();
        }
        Path pack = save("after-break.zip", download("viewer", "/api/v1/campaigns/{id}/evidence-pack?certificates=false",
                c.id()));
        assertThat(entries(pack).keySet()).noneMatch(n -> n.startsWith("certificates/"));
        Checked ok = verify(pack);
        assertThat(ok.exit()).as(ok.output()).isZero();

        // A campaign without a case yet has a pack too, with an empty history.
        String draft = Api.createCampaign("empty pack");
        Checked empty = verify(save("empty.zip", download("auditor", "/api/v1/campaigns/{id}/evidence-pack", draft)));
        assertThat(empty.exit()).as(empty.output()).isZero();
        assertThat(empty.output()).contains("0 hashes and chain links of 0 cases");
    }

    @Test
    void the_statement_interpolates_the_days_to_attest_as_postgresql_does() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int n : new int[] { 1, 2, 3, 10, 11, 1000 }) {
            PackStatement.Tally tally = new PackStatement.Tally();
            Double[] days = new Double[n];
            for (int i = 0; i < n; i++) {
                days[i] = Math.round(random.nextDouble() * 40 * 1e6) / 1e6;
                tally.attested(days[i]);
            }
            for (double p : new double[] { 0.5, 0.9 }) {
                double expected;
                try (Connection con = dataSource.getConnection();
                        var ps = con.prepareStatement("SELECT round((percentile_cont(?) WITHIN GROUP (ORDER BY x))"
                                + "::numeric, 2)::float8 FROM unnest(?) x")) {
                    ps.setDouble(1, p);
                    ps.setArray(2, con.createArrayOf("float8", days));
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        expected = rs.getDouble(1);
                    }
                }
                assertThat(tally.daysToAttest(p)).as("p%s of %d", p, n).isEqualTo(expected);
            }
        }
        assertThat(new PackStatement.Tally().daysToAttest(0.5)).isNull();
    }

    @Test
    void the_statement_counts_what_a_look_at_each_case_through_its_apps_counts() throws Exception {
        // Cases with no app, one app, two apps (one or both revoked), records with and without calls.
        String campaign = Api.createCampaign("statement per case");
        Api.importCsv(campaign, "p-1,P One,p1@example.com,,,", "p-2,P Two,p2@example.com,,pa-2,",
                "p-3,P Three,p3@example.com,,pa-3a;pa-3b,", "p-4,P Four,p4@example.com,,pa-4a;pa-4b,",
                "p-5,P Five,p5@example.com,,pa-5,");
        manager().contentType("text/csv").body("appId,day,calls,usersAffected\npa-2,2026-03-01,5,7\n"
                + "pa-3a,2026-03-02,0,9\npa-3b,2026-03-03,4,2\npa-4b,2026-03-04,1,1\npa-5,2026-03-05,3,11\n")
                .post("/api/v1/campaigns/{id}/access-records", campaign).then().statusCode(200);
        List<Map<String, Object>> revoked = new ArrayList<>();
        for (String app : List.of("pa-2", "pa-3a", "pa-4a", "pa-4b")) {
            revoked.add(Map.of("appId", app, "revokedAt", "2026-04-02T00:00:00Z", "mechanism", "TOKENS_INVALIDATED"));
        }
        manager().contentType(ContentType.JSON).body(revoked).post("/api/v1/campaigns/{id}/revocations", campaign)
                .then().statusCode(200);

        UUID id = UUID.fromString(campaign);
        Map<String, Object> figures;
        try (Connection con = dataSource.getConnection()) {
            figures = statement(con, new EvidencePack.Scope(id, null, false));
        }
        // The same figures through dr_case_access, one case at a time.
        long revokedCases = Sql.count(dataSource, "SELECT count(*) FROM dr_case c CROSS JOIN LATERAL "
                + "dr_case_access(c.campaign_id, c.app_ids) a WHERE c.campaign_id = ? AND a.revoked_at IS NOT NULL", id);
        long users = Sql.count(dataSource, "SELECT coalesce(sum(a.users_affected), 0) FROM dr_case c CROSS JOIN LATERAL "
                + "dr_case_access(c.campaign_id, c.app_ids) a WHERE c.campaign_id = ?", id);
        assertThat(revokedCases).isEqualTo(2); // p-2, and p-4 with both apps; p-3 has one of two
        assertThat(users).isEqualTo(7 + 9 + 1 + 11);
        assertThat(figures).containsEntry("cases", 5L).containsEntry("revoked", revokedCases)
                .containsEntry("usersAffected", users);
        assertSameReport(id);
        String caseId = caseOf(campaign, "p-4");
        try (Connection con = dataSource.getConnection()) {
            assertThat(statement(con, new EvidencePack.Scope(id, UUID.fromString(caseId), false)))
                    .containsEntry("cases", 1L).containsEntry("revoked", 1L).containsEntry("usersAffected", 1L);
        }
    }

    /** The pack's statement as the pack counts it: from the rows of its report, here read into nothing. */
    private Map<String, Object> statement(Connection con, EvidencePack.Scope scope) throws Exception {
        PackStatement.Tally tally = new PackStatement.Tally();
        caseReport.write(con, scope.campaignId(), scope.caseId(), java.io.OutputStream.nullOutputStream(), tally);
        return packStatement.figures(con, scope, tally);
    }

    /**
     * The pack's report (the whole campaign from one pass over each table) says what the report read a
     * chunk of cases at a time says (a look per case), byte for byte; and a case's pack has that case's row.
     */
    private void assertSameReport(UUID campaign) throws Exception {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        caseReport.write(campaign, chunked);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (Connection con = dataSource.getConnection()) {
            caseReport.write(con, campaign, null, whole, null);
        }
        String report = chunked.toString(StandardCharsets.UTF_8);
        assertThat(whole.toString(StandardCharsets.UTF_8)).isEqualTo(report);
        String[] rows = report.split("\r\n");
        String row = rows[rows.length - 1];
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        try (Connection con = dataSource.getConnection()) {
            caseReport.write(con, campaign, UUID.fromString(row.substring(0, 36)), one, null);
        }
        assertThat(one.toString(StandardCharsets.UTF_8)).isEqualTo(rows[0] + "\r\n" + row + "\r\n");
    }

    @Test
    void an_event_time_is_written_as_the_instant_java_writes() throws Exception {
        for (String at : List.of("2026-05-20T10:15:30Z", "2026-05-20T10:15:30.100Z", "2026-05-20T10:15:30.123Z",
                "2026-05-20T10:15:30.000100Z", "2026-05-20T10:15:30.123456Z", "1999-12-31T23:59:59.999999Z")) {
            assertThat(Sql.text(dataSource, "SELECT " + EventLines.instantSql("t") + " FROM (SELECT ?::timestamptz AS t) x", at))
                    .isEqualTo(Instant.parse(at).toString());
        }
    }

    @Test
    void each_event_line_is_the_canonical_json_of_the_events_fields() throws Exception {
        Campaign c = campaign("lines");
        UUID campaign = UUID.fromString(c.id());
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        try (Connection con = dataSource.getConnection()) {
            EventLines.write(con, campaign, null, written);
            try (PreparedStatement ps = con.prepareStatement("SELECT case_id, seq, type, from_state, to_state, actor, "
                    + "at, data, prev_hash, hash FROM dr_case_event WHERE campaign_id = ? ORDER BY case_id, seq")) {
                ps.setObject(1, campaign);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant at = rs.getObject("at", OffsetDateTime.class).toInstant();
                        Map<String, Object> line = new HashMap<>();
                        line.put("caseId", rs.getString("case_id"));
                        line.put("seq", rs.getInt("seq"));
                        line.put("type", rs.getString("type"));
                        line.put("fromState", rs.getString("from_state"));
                        line.put("toState", rs.getString("to_state"));
                        line.put("actor", rs.getString("actor"));
                        line.put("at", at.toString());
                        line.put("atMicros", ChronoUnit.MICROS.between(Instant.EPOCH, at));
                        line.put("data", rs.getString("data"));
                        line.put("prevHash", HexFormat.of().formatHex(rs.getBytes("prev_hash")));
                        line.put("hash", HexFormat.of().formatHex(rs.getBytes("hash")));
                        expected.add(CanonicalJson.write(line));
                    }
                }
            }
        }
        assertSameReport(campaign);
        // The names hold non-ASCII letters, every data text holds quotes: escaping and UTF-8 are both read.
        assertThat(expected).hasSizeGreaterThan(10).anyMatch(l -> l.contains("Ünö ✓"));
        assertThat(written.toString(StandardCharsets.UTF_8).split("\n")).containsExactlyElementsOf(expected);
    }

    @Test
    void the_report_read_beside_the_events_shows_the_moment_of_the_packs_snapshot() throws Exception {
        String campaign = Api.createCampaign("snapshot report");
        Api.importCsv(campaign, "s-1,Before Rename,s1@example.com,,,", "s-2,Second,s2@example.com,,,");
        try (Connection packs = dataSource.getConnection()) {
            packs.setAutoCommit(false);
            packs.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            String snapshot = InSnapshot.export(packs);
            // Committed after the pack's snapshot was taken, before its report is read.
            assertThat(Sql.count(dataSource, "WITH r AS (UPDATE dr_case SET name = 'After Rename' WHERE campaign_id = ? "
                    + "AND developer_id = 's-1' RETURNING 1) SELECT count(*) FROM r", UUID.fromString(campaign))).isOne();
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            try (InSnapshot<Void> report = InSnapshot.start(snapshot, dataSource, 60, "report", (con, self) -> {
                caseReport.write(con, UUID.fromString(campaign), null, csv, null);
                return null;
            })) {
                report.get();
            }
            packs.rollback();
            assertThat(csv.toString(StandardCharsets.UTF_8)).startsWith("caseId,developerId,name")
                    .contains(",s-1,Before Rename,", ",s-2,Second,").doesNotContain("After Rename");
        }
        ByteArrayOutputStream now = new ByteArrayOutputStream();
        caseReport.write(UUID.fromString(campaign), now);
        assertThat(now.toString(StandardCharsets.UTF_8)).contains(",s-1,After Rename,");
    }

    private long openSnapshots() {
        return Sql.count(dataSource, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'");
    }

    @Test
    void files_sent_for_an_audit_are_in_the_case_pack_with_the_digests_their_event_recorded() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "Pack - supplement", Map.of("audit",
                Map.of("mode", "ALL")), "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        submit(tokenFrom(caseId, "DELETION_REQUEST"), validAttestation()).then().statusCode(201);
        sweep.runOnce();
        as("auditor").contentType(ContentType.JSON).body(Map.of("reason", "Send the purge log."))
                .post("/api/v1/cases/{id}/actions/request-evidence", caseId).then().statusCode(200);
        sender.sendDue();
        String token = tokenFrom(caseId, "EVIDENCE_REQUEST");
        String evidenceId = developer(token).contentType("text/csv").header("X-Filename", "purged rows.csv")
                .body("table,rows\ngroup_members,1204\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/portal/evidence").then().statusCode(201).extract().path("evidenceId");
        String supplementId = developer(token).contentType(ContentType.JSON)
                .body(Map.of("evidence", List.of(evidenceId))).post("/api/v1/portal/evidence-supplement").then()
                .statusCode(201).extract().path("supplementId");

        Path pack = save("supplement.zip", download("auditor", "/api/v1/cases/{id}/evidence-pack", caseId));
        String name = "supplements/" + supplementId + "/" + evidenceId + "-purged rows.csv";
        assertThat(entries(pack)).containsKey(name);
        Checked ok = verify(pack);
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("1 files sent for audits");

        Checked changed = verify(changed(pack, name, 3));
        assertThat(changed.exit()).as(changed.output()).isNotZero();
        assertThat(changed.output()).contains(name);
    }
}
