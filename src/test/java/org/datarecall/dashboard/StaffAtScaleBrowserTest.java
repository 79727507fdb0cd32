package org.datarecall.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;

import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.job.JobRunner;
import org.datarecall.testing.AccessibilityCheck;
import org.datarecall.testing.Browser;
import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Staff work at scale in headless Chromium: a bulk extension confirmed and followed to its end, the
 * progress charts, an auditor's own queue — each page checked for labels, chart titles and contrast.
 */
@QuarkusTest
class StaffAtScaleBrowserTest extends ClockedTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    Cases cases;

    @Inject
    JobRunner runner;

    ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        runner.runAll(); // jobs other tests left open
        clock.useSystemTime();
        browser = Browser.start();
        browser.manage().window().setSize(new Dimension(1200, 900));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The element once the page that has it is there (a click that navigates does not wait for it). */
    private org.openqa.selenium.WebElement shown(By by) {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(by));
    }

    private void accessible(String page) {
        assertThat(AccessibilityCheck.problems(browser)).as(page).isEmpty();
    }

    /** Twelve developers asked to delete; two attested (one verified, one waiting for its audit), one escalated. */
    private String campaign() {
        String campaign = createCampaign("Groups API at scale " + UUID.randomUUID().toString().substring(0, 8));
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            rows.add(String.format("s-%02d,Scale Developer %02d,s%02d@example.com,,,", i, i, i));
        }
        importCsv(campaign, rows.toArray(String[]::new));
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        for (int i = 1; i <= 12; i++) {
            cases.toDeletionRequested(caseOf(campaign, String.format("s-%02d", i)));
        }
        for (String dev : List.of("s-01", "s-02")) {
            cases.apply(caseOf(campaign, dev), new CaseCommand.SubmitAttestation(UUID.randomUUID().toString(),
                    "ab".repeat(32)));
        }
        cases.apply(caseOf(campaign, "s-01"), new CaseCommand.RouteAttestation(false, "sample"));
        cases.apply(caseOf(campaign, "s-02"), new CaseCommand.RouteAttestation(true, "HIGH risk"));
        manager().body(Map.of("reason", "silent")).post("/api/v1/cases/{id}/actions/escalate", caseOf(campaign, "s-03"))
                .then().statusCode(200);
        return campaign;
    }

    @Test
    void a_manager_extends_many_deadlines_at_once_and_an_auditor_finds_their_own_queue() throws Exception {
        String campaign = campaign();
        Browser.signIn(browser, root, "manager");
        accessible("overview");

        browser.get(root + "dashboard/campaigns/" + campaign + "?state=DELETION_REQUESTED");
        accessible("campaign");
        browser.findElement(By.cssSelector("#bulk-actions button")).click();
        shown(By.id("bulk-action"));
        assertThat(browser.findElement(By.id("bulk-filter")).getText()).contains("state “Deletion requested”");
        new Select(browser.findElement(By.id("bulk-action"))).selectByVisibleText("Extend the deadline");
        browser.findElement(By.cssSelector("#bulk-choose button")).click();
        shown(By.id("bulk-matching"));
        assertThat(browser.findElement(By.id("bulk-matching")).getText()).isEqualTo("9");
        assertThat(browser.findElement(By.id("bulk-allowed")).getText()).isEqualTo("9");
        browser.findElement(By.id("bulk-extensionDays")).sendKeys("14");
        browser.findElement(By.id("bulk-reason")).sendKeys("The platform's notice went out late");
        accessible("bulk confirmation");
        Browser.screenshot(browser, "dashboard-bulk-confirm");
        browser.findElement(By.id("bulk-start")).click();
        shown(By.id("job-state"));

        assertThat(browser.findElement(By.id("message")).getText()).contains("Extend the deadline: started for 9 cases");
        assertThat(browser.findElement(By.id("job-state")).getAttribute("data-state")).isEqualTo("QUEUED");
        assertThat(browser.findElements(By.cssSelector("meta[http-equiv=refresh]"))).hasSize(1);
        accessible("job queued");
        runner.runAll();
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("job-state")).getAttribute("data-state")).isEqualTo("SUCCEEDED");
        assertThat(browser.findElement(By.id("job-counts")).getText()).isEqualTo("9 cases changed · 0 refused");
        assertThat(browser.findElements(By.cssSelector("meta[http-equiv=refresh]"))).isEmpty();
        accessible("job done");
        Browser.screenshot(browser, "dashboard-job");

        browser.get(root + "dashboard/campaigns/" + campaign + "/progress");
        assertThat(browser.findElement(By.id("time-to-attest")).getText()).contains("2 cases attested");
        assertThat(browser.findElements(By.cssSelector("#burn-down polyline"))).isNotEmpty();
        accessible("progress");
        Browser.screenshot(browser, "dashboard-progress");

        Browser.signIn(browser, root, "auditor");
        browser.get(root + "dashboard/cases/" + caseOf(campaign, "s-02"));
        browser.findElement(By.cssSelector("#action-assign button[type=submit]")).click();
        shown(By.id("message"));
        assertThat(browser.findElement(By.id("owner")).getText()).isEqualTo("auditor");
        accessible("case");
        browser.findElement(By.id("audit-queue-link")).click();
        shown(By.id("queue-mine")).click();
        shown(By.cssSelector("#queue-mine[aria-current=page]"));
        assertThat(browser.findElement(By.id("audit-queue")).getText()).contains("Scale Developer 02");
        accessible("my audit queue");
        Browser.screenshot(browser, "dashboard-audit-queue-mine");
    }
}
