package org.datarecall.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.datarecall.sweep.Sweep;
import org.datarecall.testing.Api;
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
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** The staff pages in headless Chromium: sign in, find a case, act, see the timeline; a viewer cannot act. */
@QuarkusTest
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    Sweep sweep;

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

    private void signIn(String user) {
        browser.manage().deleteAllCookies();
        browser.get(root + "dashboard");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        browser.findElement(By.id("j_username")).sendKeys(user);
        browser.findElement(By.id("j_password")).sendKeys(user);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Campaigns"));
    }

    @Test
    void a_manager_finds_a_case_and_escalates_it_and_a_viewer_cannot() throws Exception {
        Map<String, Object> body = new HashMap<>(Api.campaignBody("Groups API retention (browser)"));
        body.put("policy", Map.of("deletionRequestDelay", "PT0S"));
        String campaign = manager().contentType(ContentType.JSON).body(body).post("/api/v1/campaigns").then()
                .statusCode(201).extract().path("id");
        Api.importCsv(campaign, "acme,Acme Analytics,privacy@acme.example,legal@acme.example,app-1,2026-03-20T00:00:00Z",
                "globex,Globex Insights,dpo@globex.example,,,", "initech,Initech Data,data@initech.example,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        String caseId = caseOf(campaign, "globex");

        signIn("manager");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Groups API retention (browser)");
        Browser.screenshot(browser, "dashboard-overview");

        browser.findElement(By.linkText("Groups API retention (browser)")).click();
        browser.findElement(By.id("q")).sendKeys("Globex");
        browser.findElement(By.cssSelector("form.filters button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("q=Globex"));
        assertThat(browser.findElement(By.cssSelector("table.cases tbody")).getText()).contains("Globex Insights")
                .doesNotContain("Acme Analytics");
        Browser.screenshot(browser, "dashboard-campaign");

        browser.findElement(By.linkText("Globex Insights")).click();
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("DELETION_REQUESTED");
        browser.findElement(By.id("escalate-reason")).sendKeys("No answer to two reminders");
        browser.findElement(By.cssSelector("#action-escalate button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("message")));
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("ESCALATED");
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("escalate done");
        assertThat(browser.findElement(By.cssSelector("ol.timeline")).getText()).contains("ESCALATED")
                .contains("No answer to two reminders");
        Browser.screenshot(browser, "dashboard-case");
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ESCALATED"));

        signIn("viewer");
        browser.get(root + "dashboard/cases/" + caseId);
        assertThat(browser.findElements(By.cssSelector("form.action"))).isEmpty();
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("No action is open to you");
    }
}
