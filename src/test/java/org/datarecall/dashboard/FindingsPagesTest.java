package org.datarecall.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.manager;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.datarecall.testing.Api;
import org.datarecall.testing.Browser;
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
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The findings in the staff pages, in headless Chromium: the campaign's badge leads to the findings
 * view, a finding leads to its case and the platform's records, the list filters by finding, and the
 * campaign shows its HIGH rules.
 */
@QuarkusTest
class FindingsPagesTest {

    @TestHTTPResource("/")
    URL root;

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

    private static String campaignWithAFinding() {
        Map<String, Object> body = new HashMap<>(Api.campaignBody("findings pages"));
        body.put("policy", Map.of("highRisk", Map.of("attestationWindow", "P7D", "minEvidenceFiles", 2,
                "auditMode", "ALL")));
        String campaign = manager().contentType(ContentType.JSON).body(body).post("/api/v1/campaigns").then()
                .statusCode(201).extract().path("id");
        Api.importCsv(campaign, "kept,Kept Access Ltd,kept@example.com,,app-kept,", "clean,Clean Co,clean@example.com,,app-clean,");
        manager().contentType("text/csv").body("appId,day,calls,usersAffected\napp-kept,2026-03-20,40,12\n"
                + "app-kept,2026-04-05,3,2\napp-clean,2026-01-10,5,5\n")
                .post("/api/v1/campaigns/{id}/access-records", campaign).then().statusCode(200);
        manager().contentType(ContentType.JSON).body(List.of(
                Map.of("appId", "app-kept", "revokedAt", "2026-04-01T12:00:00Z", "mechanism", "TOKENS_INVALIDATED"),
                Map.of("appId", "app-clean", "revokedAt", "2026-04-01T12:00:00Z", "mechanism", "TOKENS_INVALIDATED",
                        "probeAt", "2026-04-02T00:00:00Z", "probeResult", "NO_ACCESS")))
                .post("/api/v1/campaigns/{id}/revocations", campaign).then().statusCode(200);
        return campaign;
    }

    @Test
    void a_viewer_follows_the_badge_to_the_findings_and_on_to_the_case() throws IOException {
        String campaign = campaignWithAFinding();
        overview.recount();
        Browser.signIn(browser, root, "viewer");
        browser.get(root + "dashboard/campaigns/" + campaign);
        assertThat(browser.findElement(By.id("policy-high-window")).getAttribute("textContent")).isEqualTo("7 days");
        assertThat(browser.findElement(By.id("policy-high-files")).getAttribute("textContent")).isEqualTo("2");
        assertThat(browser.findElement(By.id("policy-high-audit")).getAttribute("textContent")).isEqualTo("ALL");

        new Select(browser.findElement(By.id("finding"))).selectByValue("ACCESS_AFTER_REVOCATION");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("finding="));
        String list = browser.findElement(By.cssSelector("table.cases")).getText();
        assertThat(list).contains("Kept Access Ltd").doesNotContain("Clean Co");

        browser.findElement(By.id("findings-badge")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Findings"));
        Browser.screenshot(browser, "dashboard-findings");
        String table = browser.findElement(By.id("findings")).getText();
        assertThat(table).contains("Kept Access Ltd").contains("ACCESS_AFTER_REVOCATION")
                .contains("1 day(s) with calls").contains("app-kept on 2026-04-05: 3 calls").doesNotContain("Clean Co");

        browser.findElement(By.linkText("Kept Access Ltd")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Kept Access Ltd"));
        assertThat(browser.findElement(By.id("last-access")).getText()).isEqualTo("5 Apr 2026");
        assertThat(browser.findElement(By.id("first-access")).getText()).isEqualTo("20 Mar 2026");
        assertThat(browser.findElement(By.id("revoked-at")).getText()).isEqualTo("1 Apr 2026, 12:00 UTC");
        assertThat(browser.findElement(By.id("case-findings")).getText()).isEqualTo("ACCESS_AFTER_REVOCATION");
        assertThat(browser.getPageSource()).contains("FINDING").contains("ACCESS_REVOKED");
    }

    @Test
    void a_manager_uploads_records_and_revocations_with_the_campaign_page_forms() throws IOException {
        String campaign = Api.createCampaign("records by form");
        Api.importCsv(campaign, "solo,Solo Apps,solo@example.com,,app-solo,");
        java.nio.file.Path records = java.nio.file.Files.createTempFile("records", ".csv");
        java.nio.file.Files.writeString(records, "appId,day,calls,usersAffected\napp-solo,2026-03-01,9,4\n"
                + "app-solo,2026-03-05,2,1\n");
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("records-bad", ".csv");
        java.nio.file.Files.writeString(bad, "appId,day,calls,usersAffected\nnobody,2026-03-01,1,1\n");
        java.nio.file.Path revocations = java.nio.file.Files.createTempFile("revocations", ".json");
        java.nio.file.Files.writeString(revocations, "[{\"appId\":\"app-solo\",\"revokedAt\":\"2026-03-02T00:00:00Z\","
                + "\"mechanism\":\"TOKENS_INVALIDATED\"}]");
        Browser.signIn(browser, root, "manager");
        browser.get(root + "dashboard/campaigns/" + campaign);

        browser.findElement(By.id("records-file")).sendKeys(bad.toString());
        browser.findElement(By.cssSelector("#upload-records button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("errors-heading")));
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("Nothing was recorded");
        assertThat(browser.findElement(By.cssSelector("table.errors")).getText())
                .contains("belongs to no case of this campaign");

        browser.findElement(By.id("records-file")).sendKeys(records.toString());
        browser.findElement(By.cssSelector("#upload-records button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("message"), "Access records: 2 new, 0 replaced, 0 unchanged."));

        browser.findElement(By.id("revocations-file")).sendKeys(revocations.toString());
        browser.findElement(By.cssSelector("#upload-revocations button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("message"), "Revocations recorded: 1."));
        assertThat(browser.findElement(By.id("findings-badge")).getText()).isEqualTo("1 findings");
        manager().get("/api/v1/cases/{id}", Api.caseOf(campaign, "solo")).then().statusCode(200)
                .body("findings", org.hamcrest.Matchers.equalTo(List.of("ACCESS_AFTER_REVOCATION")))
                .body("revokedAt", org.hamcrest.Matchers.equalTo("2026-03-02T00:00:00Z"));
    }
}
