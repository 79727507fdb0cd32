package org.datarecall.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;

import org.datarecall.sweep.Sweep;
import org.datarecall.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
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
        browser.manage().deleteAllCookies();
        browser.get(root + "dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
        if (user.equals("manager")) {
            Browser.screenshot(browser, "dashboard-sign-in");
        }
        browser.findElement(By.id("j_username")).sendKeys(user);
        browser.findElement(By.id("j_password")).sendKeys(user);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Campaigns"));
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
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("DELETION_REQUESTED");
        browser.findElement(By.id("escalate-reason")).sendKeys("No answer to two reminders");
        browser.findElement(By.cssSelector("#action-escalate button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("message")));
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("ESCALATED");
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("escalate done");
        assertThat(browser.findElement(By.cssSelector("ol.timeline")).getText()).contains("ESCALATED")
                .contains("No answer to two reminders");
        Browser.screenshot(browser, "dashboard-case");
        String caseId = browser.getCurrentUrl().replaceAll(".*/cases/([0-9a-f-]+).*", "$1");
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ESCALATED"));

        for (String user : java.util.List.of("viewer", "auditor")) {
            signIn(user);
            browser.get(root + "dashboard/cases/" + caseId);
            assertThat(browser.findElements(By.cssSelector("form.action"))).as(user).isEmpty();
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("No action is open to you");
            browser.get(root + "dashboard");
            assertThat(browser.findElements(By.id("new-campaign"))).as(user).isEmpty();
        }
    }

    private void wait(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition);
    }

    private static java.nio.file.Path csv(String name, String... rows) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("developers-" + name, ".csv");
        java.nio.file.Files.writeString(file, "developerId,name,email,ccEmails,appIds,lastAccessAt\n"
                + String.join("\n", rows) + "\n");
        return file;
    }
}
