package org.datarecall.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import org.datarecall.testing.BounceMailboxServer;
import org.datarecall.testing.Browser;
import org.datarecall.testing.WithBounceMailbox;
import org.datarecall.testing.WorkflowTest;
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
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * In headless Chromium: a developer whose mail bounced is badged on the campaign page, found by the
 * badge's filter, and marked on the case page beside the bounced notice and the server's answer.
 */
@QuarkusTest
@TestProfile(WithBounceMailbox.class)
class UnreachableBrowserTest extends WorkflowTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    BounceMailbox mailbox;

    ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        browser = Browser.start();
        browser.manage().window().setSize(new Dimension(1200, 900));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_bounced_developer_is_badged_found_by_the_filter_and_marked_on_the_case_page() throws Exception {
        String campaign = createCampaign("Unreachable in the browser");
        importCsv(campaign, "dev-1,Gone Ltd,gone@example.com,,,", "dev-2,Here Ltd,here@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        String gone = caseOf(campaign, "dev-1");
        String notice = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", gone).asString())
                .getString("items.find { it.kind == 'DELETION_REQUEST' }.id");
        BounceMailboxServer.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream("""
                From: postmaster@example.com
                To: bounces+%s@platform.example
                Subject: Delivery failure

                Your message to gone@example.com could not be delivered.

                550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown
                """.formatted(notice).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8))));
        assertThat(mailbox.readOnce().orElseThrow().marked()).isOne();

        Browser.signIn(browser, root, "manager");
        browser.get(root + "dashboard/campaigns/" + campaign);
        var badge = browser.findElement(By.id("unreachable-badge"));
        assertThat(badge.getText()).isEqualTo("1 unreachable");
        badge.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("unreachable=true"));
        assertThat(browser.findElement(By.id("unreachable")).isSelected()).isTrue();
        String list = browser.findElement(By.tagName("main")).getText();
        assertThat(list).contains("Gone Ltd").doesNotContain("Here Ltd");

        browser.findElement(By.linkText("Gone Ltd")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains(gone));
        assertThat(browser.findElement(By.id("unreachable")).getText()).isEqualTo("unreachable: a mail bounced");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("BOUNCED")
                .contains("5.1.1").contains("User unknown");
        Browser.screenshot(browser, "dashboard-unreachable-case");
    }
}
