package org.datarecall.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;

import javax.sql.DataSource;

import org.datarecall.sweep.Sweep;
import org.datarecall.testing.Api;
import org.datarecall.testing.Browser;
import org.datarecall.testing.Cases;
import org.datarecall.testing.LongText;
import org.datarecall.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The staff pages in headless Chromium: sign in, find a case, act, see the timeline; a viewer cannot act. */
@QuarkusTest
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    Sweep sweep;

    @Inject
    CampaignOverview overview;

    @Inject
    Cases cases;

    @Inject
    DataSource dataSource;

    ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        browser = Browser.start();
        browser.manage().window().setSize(new Dimension(1200, 900));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void signIn(String user) throws IOException {
        if (user.equals("manager")) {
            browser.manage().deleteAllCookies();
            browser.get(root + "dashboard");
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
            Browser.screenshot(browser, "dashboard-sign-in");
        }
        Browser.signIn(browser, root, user);
    }

    @Test
    void a_manager_runs_a_campaign_from_the_browser_and_a_viewer_cannot_act() throws Exception {
        signIn("manager");
        browser.findElement(By.id("new-campaign")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("title")));
        // A first try with no data category: the error shows next to the field.
        browser.findElement(By.id("title")).sendKeys("Groups API retention (browser)");
        browser.findElement(By.cssSelector("#create-campaign button[type=submit]")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("dataCategories-error")));
        assertThat(browser.findElement(By.id("title")).getDomProperty("value")).isEqualTo("Groups API retention (browser)");
        Browser.screenshot(browser, "dashboard-new-campaign");
        browser.findElement(By.id("dataCategories")).sendKeys("group member names\nprofile pictures");
        browser.findElement(By.id("description")).sendKeys("Group member lists kept after the Groups API was closed.");
        browser.findElement(By.cssSelector("#create-campaign button[type=submit]")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("upload")));

        // A bad file first: every wrong row listed, nothing stored; then the right one.
        browser.findElement(By.id("file")).sendKeys(csv("bad", "acme,Acme Analytics,privacy@acme.example,,,",
                "globex,Globex Insights,not-an-address,,,", "acme,Acme again,again@acme.example,,,").toString());
        browser.findElement(By.cssSelector("#upload button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("errors-heading")));
        assertThat(browser.findElement(By.cssSelector("table.errors")).getText()).contains("3").contains("4");
        Browser.screenshot(browser, "dashboard-upload-errors");
        browser.findElement(By.id("file")).sendKeys(csv("good",
                "acme,Acme Analytics,privacy@acme.example,legal@acme.example,app-1,2026-03-20T00:00:00Z",
                "globex,Globex Insights,dpo@globex.example,,,", "initech,Initech Data,data@initech.example,,,").toString());
        browser.findElement(By.cssSelector("#upload button")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Imported: 3 new"));
        browser.findElement(By.id("launch-confirm")).click();
        browser.findElement(By.cssSelector("#launch button")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Launched"));

        sweep.runOnce();
        overview.recount(); // what the background recount does every few seconds in a running service
        browser.get(root + "dashboard");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Groups API retention (browser)");
        Browser.screenshot(browser, "dashboard-overview");

        browser.findElement(By.linkText("Groups API retention (browser)")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("q")));
        browser.findElement(By.id("q")).sendKeys("Globex");
        browser.findElement(By.cssSelector("form.filters button")).click();
        wait(ExpectedConditions.urlContains("q=Globex"));
        assertThat(browser.findElement(By.cssSelector("table.cases tbody")).getText()).contains("Globex Insights")
                .doesNotContain("Acme Analytics");
        Browser.screenshot(browser, "dashboard-campaign");

        browser.findElement(By.linkText("Globex Insights")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("state")));
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Deletion requested");
        browser.findElement(By.id("escalate-reason")).sendKeys("No answer to two reminders");
        browser.findElement(By.cssSelector("#action-escalate button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("message")));
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Escalated");
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("escalate done");
        assertThat(browser.findElement(By.cssSelector("ol.timeline")).getText()).contains("ESCALATED")
                .contains("No answer to two reminders");
        Browser.screenshot(browser, "dashboard-case");
        String caseId = browser.getCurrentUrl().replaceAll(".*/cases/([0-9a-f-]+).*", "$1");
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ESCALATED"));

        for (String user : java.util.List.of("viewer", "auditor")) {
            signIn(user);
            browser.get(root + "dashboard/cases/" + caseId);
            // A viewer acts on nothing; an auditor may note the case and take it, not move it.
            assertThat(browser.findElements(By.cssSelector("form.action")).stream().map(f -> f.getAttribute("id")))
                    .as(user).containsExactlyElementsOf(user.equals("viewer") ? java.util.List.of()
                            : java.util.List.of("action-add-note", "action-assign"));
            if (user.equals("viewer")) {
                assertThat(browser.findElement(By.tagName("main")).getText()).contains("No action is open to you");
            }
            browser.get(root + "dashboard");
            assertThat(browser.findElements(By.id("new-campaign"))).as(user).isEmpty();
        }

        // The auditor takes the case: it is theirs on its page.
        browser.get(root + "dashboard/cases/" + caseId);
        browser.findElement(By.cssSelector("#action-assign button[type=submit]")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("owner"), "auditor"));
    }

    private void wait(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        // A poll that reads the old page while the next replaces it fails in Chromium's inspector (not as a
        // stale element): it is polled again, as a missing element is.
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(condition);
    }

    private static java.nio.file.Path csv(String name, String... rows) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("developers-" + name, ".csv");
        java.nio.file.Files.writeString(file, "developerId,name,email,ccEmails,appIds,lastAccessAt\n"
                + String.join("\n", rows) + "\n");
        return file;
    }

    /** A manager gives a developer a new address on the case page; the latest request goes to it. */
    @Test
    void a_manager_changes_a_developers_contact_on_the_case_page() throws Exception {
        String campaign = org.datarecall.testing.Api.launch("Contact change (browser)",
                java.util.Map.of("audit", java.util.Map.of("mode", "NONE")), "dev-c,Old Contact Ltd,old@contact.example,,,");
        sweep.runOnce();
        String caseId = org.datarecall.testing.Api.caseOf(campaign, "dev-c");
        signIn("manager");
        browser.get(root + "dashboard/cases/" + caseId);
        var email = browser.findElement(By.id("update-contact-email"));
        email.clear();
        email.sendKeys("new@contact.example");
        browser.findElement(By.id("update-contact-reason")).sendKeys("The old mailbox bounced.");
        browser.findElement(By.cssSelector("#action-update-contact button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("message")));
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("update-contact done");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("new@contact.example");

        manager().get("/api/v1/cases/{id}", caseId).then().body("developer.email", equalTo("new@contact.example"))
                .body("state", equalTo("DELETION_REQUESTED"));
        manager().get("/api/v1/cases/{id}/events", caseId).then()
                .body("items.type", org.hamcrest.Matchers.hasItem("CONTACT_UPDATED"));
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.findAll { it.kind == 'DELETION_REQUEST' }.to.flatten()",
                        org.hamcrest.Matchers.hasItem("new@contact.example"));
    }

    @Test
    void long_accented_texts_are_taken_up_to_their_limits_and_refused_beside_their_field_beyond() throws Exception {
        String campaign = Api.createCampaign("Long texts (browser)");
        Api.importCsv(campaign, "audited,Audited Ltd,audited@long.example,,,",
                "silent,Silent Ltd,silent@long.example,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        String audited = Api.caseOf(campaign, "audited");
        cases.toAuditPending(audited);

        // An auditor's findings: over the limit refused beside the field, what was typed still there.
        signIn("auditor");
        browser.get(root + "dashboard/cases/" + audited);
        recordAudit("FAIL", LongText.accented(10_001));
        wait(ExpectedConditions.presenceOfElementLocated(By.id("record-audit-findings-error")));
        assertThat(browser.findElement(By.id("record-audit-findings-error")).getText())
                .isEqualTo("must be at most 10000 characters");
        assertThat(browser.findElement(By.id("record-audit-findings")).getDomProperty("value"))
                .isEqualTo(LongText.accented(10_001));
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Audit pending");
        Browser.screenshot(browser, "dashboard-case-field-error");
        manager().get("/api/v1/cases/{id}", audited).then().body("state", equalTo("AUDIT_PENDING"));

        // 3,000 characters (over the 2,048 bytes a form field could carry), then 10,000: each stored whole.
        String findings = LongText.accented(3_000);
        recordAudit("FAIL", findings);
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "record-audit done"));
        assertThat(lastEventData(audited, "findings")).isEqualTo(findings);
        cases.toAuditPendingFromRequested(audited);
        browser.get(root + "dashboard/cases/" + audited);
        findings = LongText.accented(10_000);
        recordAudit("PASS", findings);
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "record-audit done"));
        assertThat(lastEventData(audited, "findings")).isEqualTo(findings);
        manager().get("/api/v1/cases/{id}", audited).then().body("state", equalTo("VERIFIED"));

        // A manager's reason: 2,000 characters at most.
        String silent = Api.caseOf(campaign, "silent");
        cases.toDeletionRequested(silent);
        signIn("manager");
        browser.get(root + "dashboard/cases/" + silent);
        LongText.fill(browser, browser.findElement(By.id("escalate-reason")), LongText.accented(3_000));
        browser.findElement(By.cssSelector("#action-escalate button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("escalate-reason-error")));
        assertThat(browser.findElement(By.id("escalate-reason-error")).getText())
                .isEqualTo("must be at most 2000 characters");
        manager().get("/api/v1/cases/{id}", silent).then().body("state", equalTo("DELETION_REQUESTED"));
        String reason = LongText.accented(2_000);
        LongText.fill(browser, browser.findElement(By.id("escalate-reason")), reason);
        browser.findElement(By.cssSelector("#action-escalate button")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "escalate done"));
        assertThat(lastEventData(silent, "reason")).isEqualTo(reason);

        // A form too large to read at all: a page that says so, not a JSON document; nothing changes.
        LongText.fill(browser, browser.findElement(By.id("withdraw-reason")), "é".repeat(50_000));
        browser.findElement(By.cssSelector("#action-withdraw input[name=confirm]")).click();
        browser.findElement(By.cssSelector("#action-withdraw button")).click();
        wait(ExpectedConditions.titleContains("too large"));
        assertThat(browser.getPageSource()).doesNotContain("urn:datarecall:problem");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Nothing was saved");
        Browser.screenshot(browser, "dashboard-form-too-large");
        manager().get("/api/v1/cases/{id}", silent).then().body("state", equalTo("ESCALATED"));

        // A campaign's description: 10,000 characters at most.
        String title = "Long description " + java.util.UUID.randomUUID();
        browser.get(root + "dashboard/campaigns/new");
        browser.findElement(By.id("title")).sendKeys(title);
        browser.findElement(By.id("dataCategories")).sendKeys("group member names");
        LongText.fill(browser, browser.findElement(By.id("description")), LongText.accented(10_001));
        browser.findElement(By.cssSelector("#create-campaign button[type=submit]")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("description-error")));
        assertThat(browser.findElement(By.id("description-error")).getText())
                .isEqualTo("must be at most 10000 characters");
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_campaign WHERE title = ?", title)).isZero();
        String description = LongText.accented(10_000);
        LongText.fill(browser, browser.findElement(By.id("description")), description);
        browser.findElement(By.cssSelector("#create-campaign button[type=submit]")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("upload")));
        String created = browser.getCurrentUrl().replaceAll(".*/campaigns/([0-9a-f-]+).*", "$1");
        manager().get("/api/v1/campaigns/{id}", created).then().body("title", equalTo(title))
                .body("description", equalTo(description));
    }

    private void recordAudit(String result, String findings) {
        new Select(browser.findElement(By.id("record-audit-result"))).selectByValue(result);
        LongText.fill(browser, browser.findElement(By.id("record-audit-findings")), findings);
        browser.findElement(By.cssSelector("#action-record-audit button")).click();
    }

    private static String lastEventData(String caseId, String field) {
        return manager().get("/api/v1/cases/{id}/events", caseId).then().statusCode(200).extract()
                .path("items[-1].data." + field);
    }
}
