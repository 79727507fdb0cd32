package org.datarecall.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.datarecall.testing.Browser;
import org.datarecall.testing.FreePorts;
import org.datarecall.testing.LongText;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * The developer's whole path in a real browser: the link from a mail GreenMail received, a wrong
 * submission that shows field errors, the right one that shows the receipt.
 */
@QuarkusTest
@TestProfile(PortalBrowserTest.FixedPort.class)
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class PortalBrowserTest extends WorkflowTest {

    /** The links in mails must point at the running service: a known port, and the base URL to match. */
    public static class FixedPort implements QuarkusTestProfile {
        static final FreePorts.Service PORTS = FreePorts.service();
        static final int PORT = PORTS.http();

        @Override
        public Map<String, String> getConfigOverrides() {
            // A fixed HTTP port needs a fixed management port beside it: with one port fixed and the other
            // random, the two servers' connection meters disagree on their tags and the start hangs.
            return Map.of("quarkus.http.test-port", Integer.toString(PORT), "quarkus.management.test-port",
                    Integer.toString(PORTS.management()), "datarecall.base-url", "http://localhost:" + PORT,
                    "datarecall.platform-name", "Example Platform");
        }
    }

    @TestHTTPResource("/")
    URL root;

    ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        browser = Browser.start();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_developer_follows_the_mailed_link_fixes_a_mistake_and_gets_a_receipt() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "Groups API retention",
                Map.of("audit", Map.of("mode", "NONE")), "dev-7,Acme Analytics,privacy@acme.example,,app-7,");
        String caseId = caseOf(campaign, "dev-7");
        MimeMessage mail = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> "DELETION_REQUEST".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).findFirst()
                .orElseThrow();
        Matcher link = Pattern.compile("http://localhost:\\d+/attest/[A-Za-z0-9_-]{43}").matcher(SmtpServer.html(mail));
        assertThat(link.find()).isTrue();

        browser.get(link.group());
        assertThat(browser.getTitle()).contains("Groups API retention");
        assertThat(browser.findElement(By.tagName("header")).getText()).contains("Example Platform");
        Browser.screenshot(browser, "portal-form");

        // A wrong submission: nothing ticked or typed but a name.
        browser.findElement(By.id("signatoryName")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("submit-attestation")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("kind-error")));
        assertThat(browser.findElement(By.id("kind-error")).getText()).isEqualTo("is required");
        assertThat(browser.findElement(By.id("dataCategories-error")).getText()).contains("group member names");
        assertThat(browser.findElement(By.id("agreed-error")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("signatoryName")).getDomProperty("value")).isEqualTo("Ada Lovelace");
        Browser.screenshot(browser, "portal-errors");
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));

        // The right one, signed with the code mailed to the signatory.
        fillTheRest(caseId);
        browser.findElement(By.id("submit-attestation")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("digest")));

        String digest = browser.findElement(By.id("digest")).getText();
        assertThat(browser.getCurrentUrl()).isEqualTo(link.group());
        String stored = manager().get("/api/v1/cases/{id}/attestations", caseId).then()
                .body("items[0].attestation.systems", equalTo(List.of("Main PostgreSQL database", "Nightly backups")))
                .extract().path("items[0].sha256");
        assertThat(digest).isEqualTo(stored);
        assertThat(browser.findElements(By.cssSelector("button[type=submit]"))).isEmpty();
        assertThat(Files.size(Browser.screenshot(browser, "portal-receipt"))).isGreaterThan(1000);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ATTESTED"));
    }

    @Test
    void a_developer_uploads_evidence_with_the_form_signs_with_the_mailed_code_and_sees_each_file_digest()
            throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "Evidence in the browser",
                Map.of("audit", Map.of("mode", "NONE")), "dev-8,Beta Labs,privacy@beta.example,,app-8,");
        String caseId = caseOf(campaign, "dev-8");
        browser.get(root + "attest/" + PortalFixture.tokenFrom(caseId, "DELETION_REQUEST"));

        // A page saved as .pdf is no PDF: refused beside the file field, nothing stored.
        java.nio.file.Path fake = Files.createTempFile("report", ".pdf");
        Files.writeString(fake, "<!DOCTYPE html><html><body>not a pdf</body></html>");
        browser.findElement(By.id("file")).sendKeys(fake.toString());
        browser.findElement(By.id("upload")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("file-error")));
        assertThat(browser.findElement(By.id("file-error")).getText()).contains("is not a PDF document");
        assertThat(browser.findElements(By.id("uploads"))).isEmpty();

        java.nio.file.Path log = Files.createTempFile("deletion-log", ".txt");
        Files.writeString(log, "2026-05-30 12:00 UTC deleted 1,204 rows of group members\n");
        String sha = PortalTest.sha256(Files.readString(log));
        browser.findElement(By.id("file")).sendKeys(log.toString());
        browser.findElement(By.id("upload")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#uploads code.upload-digest")));
        assertThat(browser.findElement(By.cssSelector("#uploads code.upload-digest")).getText()).isEqualTo(sha);
        assertThat(browser.findElement(By.id("uploads")).getText()).contains(log.getFileName().toString());

        fillTheRest(caseId);
        assertThat(browser.findElement(By.cssSelector("input[name=evidence]")).isSelected()).isTrue();
        Browser.screenshot(browser, "portal-evidence");
        submitAndWaitFor("digest");

        assertThat(browser.findElement(By.cssSelector("#receipt-evidence code.evidence-digest")).getText())
                .isEqualTo(sha);
        attestations(caseId).body("items[0].attestation.evidence[0].sha256", equalTo(sha))
                .body("items[0].attestation.signatoryVerification", equalTo("EMAIL_CODE"))
                .body("items[0].attestation.authority", equalTo("Data Protection Officer, mandated by the board."));
        Browser.screenshot(browser, "portal-evidence-receipt");
    }

    @Test
    void during_an_audit_the_developer_uploads_and_sends_what_the_auditor_asked_for() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "Evidence for the audit",
                Map.of("audit", Map.of("mode", "ALL")), "dev-9,Gamma Apps,privacy@gamma.example,,app-9,");
        String caseId = caseOf(campaign, "dev-9");
        PortalFixture.submit(PortalFixture.tokenFrom(caseId, "DELETION_REQUEST"), PortalFixture.validAttestation())
                .then().statusCode(201);
        sweep.runOnce();
        org.datarecall.testing.Api.as("auditor").contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("reason", "Send the log of the warehouse purge."))
                .post("/api/v1/cases/{id}/actions/request-evidence", caseId).then().statusCode(200);
        sender.sendDue();
        browser.get(root + "attest/" + PortalFixture.tokenFrom(caseId, "EVIDENCE_REQUEST"));
        assertThat(browser.findElement(By.id("request-reason")).getText()).isEqualTo("Send the log of the warehouse purge.");

        java.nio.file.Path log = Files.createTempFile("warehouse-purge", ".txt");
        Files.writeString(log, "2026-05-30 12:00 UTC purged warehouse table group_members\n");
        String sha = PortalTest.sha256(Files.readString(log));
        browser.findElement(By.id("file")).sendKeys(log.toString());
        browser.findElement(By.id("upload")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#uploads code.upload-digest")));
        assertThat(browser.findElement(By.cssSelector("input[name=evidence]")).isSelected()).isTrue();
        browser.findElement(By.id("comment")).sendKeys("The purge job's own log.");
        Browser.screenshot(browser, "portal-evidence-request");
        browser.findElement(By.id("send-supplement")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#supplied code.supplied-digest")));
        assertThat(browser.findElement(By.cssSelector("#supplied code.supplied-digest")).getText()).isEqualTo(sha);
        assertThat(browser.findElements(By.id("uploads"))).isEmpty();
        org.datarecall.testing.Api.manager().get("/api/v1/cases/{id}/events", caseId).then()
                .body("items[-1].type", equalTo("EVIDENCE_SUPPLIED")).body("items[-1].data.files[0].sha256", equalTo(sha))
                .body("items[-1].data.comment", equalTo("The purge job's own log."));
        Browser.screenshot(browser, "portal-evidence-sent");
    }

    @Test
    void long_accented_texts_are_taken_up_to_their_limits_and_refused_beside_their_field_beyond() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "Long statements",
                Map.of("audit", Map.of("mode", "NONE")), "long-3k,Three Ltd,three@long.example,,app-3,",
                "long-10k,Ten Ltd,ten@long.example,,app-10,");

        // 3,000 characters: 2,048 bytes was the most a form field could carry.
        String three = caseOf(campaign, "long-3k");
        openAndFillIn(three);
        String statement = LongText.accented(3_000);
        LongText.fill(browser, browser.findElement(By.id("statement")), statement);
        submitAndWaitFor("digest");
        attestations(three).body("items[0].attestation.statement", equalTo(statement));

        // One character over the statement's limit: the page again, the message beside the field, nothing stored.
        String ten = caseOf(campaign, "long-10k");
        openAndFillIn(ten);
        String verification = LongText.accented(2_000);
        LongText.fill(browser, browser.findElement(By.id("verification")), verification);
        LongText.fill(browser, browser.findElement(By.id("statement")), LongText.accented(10_001));
        submitAndWaitFor("statement-error");
        assertThat(browser.findElement(By.id("statement-error")).getText())
                .isEqualTo("must be at most 10000 characters");
        assertThat(browser.findElements(By.cssSelector("p.error"))).hasSize(1);
        Browser.screenshot(browser, "portal-statement-too-long");
        assertThat(browser.findElement(By.id("statement")).getDomProperty("value"))
                .isEqualTo(LongText.accented(10_001));
        attestations(ten).body("items", org.hamcrest.Matchers.empty());
        manager().get("/api/v1/cases/{id}", ten).then().body("state", equalTo("DELETION_REQUESTED"));

        // At the limit: taken whole, beside a verification at its own limit.
        statement = LongText.accented(10_000);
        LongText.fill(browser, browser.findElement(By.id("statement")), statement);
        submitAndWaitFor("digest");
        attestations(ten).body("items[0].attestation.statement", equalTo(statement))
                .body("items[0].attestation.verification", equalTo(verification));
    }

    @Test
    void a_form_too_large_to_read_is_answered_with_a_page_not_a_json_document() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "Oversized form",
                Map.of("audit", Map.of("mode", "NONE")), "huge,Huge Ltd,huge@long.example,,app-h,");
        String huge = caseOf(campaign, "huge");
        openAndFillIn(huge);
        // 50,000 letters of two bytes: 300,000 bytes once encoded, far beyond any field's limit.
        LongText.fill(browser, browser.findElement(By.id("statement")), "é".repeat(50_000));
        browser.findElement(By.id("submit-attestation")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("too large"));
        assertThat(browser.getPageSource()).doesNotContain("urn:datarecall:problem");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Nothing was saved");
        attestations(huge).body("items", org.hamcrest.Matchers.empty());
    }

    /** The case's page from the link in its mail, with a valid attestation filled in. */
    private void openAndFillIn(String caseId) throws Exception {
        browser.get(root + "attest/" + PortalFixture.tokenFrom(caseId, "DELETION_REQUEST"));
        fillTheRest(caseId);
    }

    /**
     * Asks for the signatory's code on the page (step 2), which shows the page again with the address
     * filled in; answers the code from the mail the signatory received.
     */
    private String askForCode(String caseId, String address) {
        var email = browser.findElement(By.id("codeEmail"));
        email.clear();
        email.sendKeys(address);
        browser.findElement(By.id("send-code")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("div.notice"), address)); // in the page's language: the address is the same in all
        return PortalFixture.codeMailed(caseId);
    }

    /** A code for the signatory, then every answer a valid attestation needs. */
    /** The contact hands the round to a colleague on the page; the colleague's own mailed link signs it. */
    @Test
    void a_developer_hands_the_request_to_a_colleague_who_signs_with_a_link_of_their_own() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "Hand-over in the browser",
                Map.of("audit", Map.of("mode", "NONE")), "dev-9,Gamma Apps,contact@gamma.example,,app-9,");
        String caseId = caseOf(campaign, "dev-9");
        String contactsLink = root + "attest/" + PortalFixture.tokenFrom(caseId, "DELETION_REQUEST");
        browser.get(contactsLink);
        browser.findElement(By.id("delegateName")).sendKeys("Grace Hopper");
        browser.findElement(By.id("delegateEmail")).sendKeys("grace@gamma.example");
        browser.findElement(By.id("delegateReason")).sendKeys("She runs our data platform.");
        browser.findElement(By.id("delegate")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("delegated")));
        assertThat(browser.findElement(By.id("delegated")).getText()).contains("Grace Hopper");
        // The contact's link now only shows the request.
        assertThat(browser.findElements(By.id("submit-attestation"))).isEmpty();
        assertThat(browser.findElements(By.id("delegate"))).isEmpty();
        Browser.screenshot(browser, "portal-delegated");

        sender.sendDue();
        browser.get(root + "attest/" + PortalFixture.tokenFrom(caseId, "DELEGATION_NOTICE"));
        assertThat(browser.findElements(By.id("delegate"))).as("a delegate cannot hand it on").isEmpty();
        fillTheRest(caseId);
        submitAndWaitFor("digest");
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ATTESTED"));
        manager().get("/api/v1/cases/{id}/events", caseId).then()
                .body("items.type", org.hamcrest.Matchers.hasItem("DELEGATED"));
    }

    /**
     * A developer imported with a German or French locale signs on the page in that language; the record is
     * the same as in English.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "de-DE | de | Acme GmbH | 3. Ihre Löschbestätigung | Bestätigung erhalten",
            "fr-FR | fr | Acme SARL | 3. Votre attestation de suppression | Attestation reçue" })
    void a_developer_attests_on_the_page_in_their_language_and_the_record_stays_language_free(String locale,
            String lang, String company, String formHeading, String receiptHeading) throws Exception {
        String campaign = org.datarecall.testing.Api.createCampaign("Group API (" + lang + ")");
        manager().contentType(io.restassured.http.ContentType.JSON).body("""
                [{"developerId": "dev-%s", "name": "%s", "email": "privacy@acme.example", "locale": "%s"}]
                """.formatted(lang, company, locale)).post("/api/v1/campaigns/{id}/developers", campaign).then()
                .statusCode(200);
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        String caseId = caseOf(campaign, "dev-" + lang);
        browser.get(root + "attest/" + PortalFixture.tokenFrom(caseId, "DELETION_REQUEST"));

        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo(lang);
        assertThat(browser.findElement(By.id("form-heading")).getText()).isEqualTo(formHeading);
        assertThat(browser.findElement(By.id("declaration-binding")).getText())
                .isEqualTo(SignatoryDeclaration.TEXT);
        Browser.screenshot(browser, "portal-form-" + lang);
        fillTheRest(caseId);
        submitAndWaitFor("digest");

        assertThat(browser.findElement(By.id("receipt-heading")).getText()).isEqualTo(receiptHeading);
        attestations(caseId).body("items[0].sha256", equalTo(browser.findElement(By.id("digest")).getText()))
                .body("items[0].attestation.declarationSha256", equalTo(SignatoryDeclaration.SHA256))
                .body("items[0].attestation.kind", equalTo("DELETED"));
    }

    /**
     * A developer names the companies it passed the data on to, one per line; each with an address becomes
     * a case of its own, asked like any other, and the staff case page shows the tree both ways.
     */
    @Test
    void onward_recipients_named_on_the_page_become_sub_cases_shown_as_a_tree() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "Onward in the browser", Map.of(),
                "dev-on,Onward Ltd,dpo@onward.example,,,");
        String caseId = caseOf(campaign, "dev-on");
        browser.get(root + "attest/" + PortalFixture.tokenFrom(caseId, "DELETION_REQUEST"));
        fillTheRest(caseId);
        browser.findElement(By.cssSelector("input[name=sharedWithThirdParties][value=yes]")).click();
        browser.findElement(By.id("thirdParties")).sendKeys(
                "Analytics Partner <privacy@analytics.example>\nPrint Shop Ltd");
        submitAndWaitFor("digest");

        // The one with an address is a sub-case that gets its own request; the one without is only named.
        manager().get("/api/v1/campaigns/{id}/cases?q=analytics", campaign).then()
                .body("items", org.hamcrest.Matchers.hasSize(1))
                .body("items[0].parentCaseId", equalTo(caseId))
                .body("items[0].developer.email", equalTo("privacy@analytics.example"));
        manager().get("/api/v1/campaigns/{id}/cases?q=print", campaign).then()
                .body("items", org.hamcrest.Matchers.empty());
        String sub = manager().get("/api/v1/campaigns/{id}/cases?q=analytics", campaign).jsonPath()
                .getString("items[0].id");
        sweep.runOnce();
        sender.sendDue();
        assertThat(SmtpServer.receivedFor(sub)).isNotEmpty();

        org.datarecall.testing.Browser.signIn(browser, root, "manager");
        browser.get(root + "dashboard/cases/" + caseId);
        var tree = browser.findElement(By.id("sub-cases"));
        assertThat(tree.getText()).contains("Analytics Partner");
        tree.findElement(By.linkText("Analytics Partner")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains(sub));
        assertThat(browser.findElement(By.id("parent-case")).getText()).contains("Onward Ltd");
        Browser.screenshot(browser, "dashboard-case-tree");
    }

    private void fillTheRest(String caseId) {
        String code = askForCode(caseId, "dpo@acme.example");
        var name = browser.findElement(By.id("signatoryName"));
        name.clear();
        name.sendKeys("Ada Lovelace");
        browser.findElement(By.cssSelector("input[name=kind][value=DELETED]")).click();
        for (var box : browser.findElements(By.cssSelector("input[name=dataCategories]"))) {
            if (!box.isSelected()) {
                box.click();
            }
        }
        browser.executeScript("document.getElementById('deletedAt').value = '2026-05-30T12:00'");
        new Select(browser.findElement(By.id("method"))).selectByValue("PURGE");
        browser.findElement(By.id("systems")).sendKeys("Main PostgreSQL database\nNightly backups");
        browser.findElement(By.cssSelector("input[name=backupsCovered][value=yes]")).click();
        browser.findElement(By.cssSelector("input[name=sharedWithThirdParties][value=no]")).click();
        browser.findElement(By.id("verification")).sendKeys("Queried every table for the affected member ids.");
        browser.findElement(By.id("signatoryTitle")).sendKeys("Data Protection Officer");
        assertThat(browser.findElement(By.id("signatoryEmail")).getDomProperty("value")).isEqualTo("dpo@acme.example");
        browser.findElement(By.id("signatoryCode")).sendKeys(code);
        browser.findElement(By.id("authority")).sendKeys("Data Protection Officer, mandated by the board.");
        browser.findElement(By.cssSelector("input[name=agreed]")).click();
    }

    private void submitAndWaitFor(String id) {
        browser.findElement(By.id("submit-attestation")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id(id)));
    }

    private static io.restassured.response.ValidatableResponse attestations(String caseId) {
        return manager().get("/api/v1/cases/{id}/attestations", caseId).then().statusCode(200);
    }
}
