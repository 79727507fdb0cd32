package org.datarecall.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;


import org.datarecall.testing.MisbehavingSmtpServer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Faults of a mail server that the sender survives: a greylisting 451, a server that accepts and never
 * greets, and FAILED mail put back in the queue after an outage. A profile of its own, so that the
 * connections these leave in the mail client's pool (a conversation given up on is not closed by it)
 * never reach the other classes' tests.
 */
@QuarkusTest
@TestProfile(MailServerFaultsTest.Faults.class)
class MailServerFaultsTest extends MisbehavingServerTest {

    public static class Faults extends MailServerTroubleTest.Misbehaving {
    }


    @Inject
    org.datarecall.testing.TestClock clock;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    @org.junit.jupiter.api.AfterEach
    void backToNormal() {
        clock.useSystemTime();
        MisbehavingSmtpServer.greet(true);
    }

    @Test
    void a_manager_puts_a_campaigns_failed_mail_back_in_the_queue() throws Exception {
        String campaign = createCampaign("failed mail retried");
        importCsv(campaign, "dev-1,Dev One,nobody@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        String caseId = caseOf(campaign, "dev-1");
        sweep.runOnce();
        sender.sendDue();
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("notices.FAILED", equalTo(2));

        org.datarecall.testing.Api.as("viewer").post("/api/v1/campaigns/{id}/notices/retry-failed", campaign).then()
                .statusCode(403);
        org.datarecall.testing.Api.as("auditor").post("/api/v1/campaigns/{id}/notices/retry-failed", campaign).then()
                .statusCode(403);
        manager().post("/api/v1/campaigns/{id}/notices/retry-failed", UUID.randomUUID()).then().statusCode(404);
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("notices.FAILED", equalTo(2));

        manager().post("/api/v1/campaigns/{id}/notices/retry-failed", campaign).then().statusCode(200)
                .body("requeued", equalTo(2));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("notices.FAILED", equalTo(0))
                .body("notices.QUEUED", equalTo(2));
        manager().get("/api/v1/cases/{id}/notices", caseId).then().body("items.attempts", equalTo(List.of(0, 0)));
        int tries = MisbehavingSmtpServer.RCPT_ATTEMPTS.get();
        sender.sendDue();
        // Tried again at once; the server still refuses the address, so they end FAILED again.
        assertThat(MisbehavingSmtpServer.RCPT_ATTEMPTS.get()).isEqualTo(tries + 2);
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("notices.FAILED", equalTo(2));

        // The campaign page offers the same to a manager.
        org.datarecall.testing.StaffSession staff = org.datarecall.testing.StaffSession.signIn("manager");
        assertThat(staff.page("/dashboard/campaigns/" + campaign)).contains("id=\"retry-failed\"")
                .contains("Send the 2 failed mail(s) again");
        assertThat(staff.post("/dashboard/campaigns/" + campaign + "/retry-failed", Map.of()).statusCode())
                .isEqualTo(303);
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("notices.QUEUED", equalTo(2));
        assertThat(org.datarecall.testing.StaffSession.signIn("viewer").page("/dashboard/campaigns/" + campaign))
                .doesNotContain("retry-failed");

        // A CLOSED campaign's mail is not sent again.
        sender.sendDue();
        manager().contentType("application/json").body(Map.of("reason", "duplicate"))
                .post("/api/v1/cases/{id}/actions/withdraw", caseId).then().statusCode(200);
        manager().post("/api/v1/campaigns/{id}/close", campaign).then().statusCode(200);
        long failed = count(campaign, "status = 'FAILED'");
        manager().post("/api/v1/campaigns/{id}/notices/retry-failed", campaign).then().statusCode(409);
        assertThat(count(campaign, "status = 'FAILED'")).isEqualTo(failed);
    }

    @Test
    void a_server_that_answers_451_and_then_250_gets_the_mail_on_the_retry() throws Exception {
        String campaign = createCampaign("greylisted address");
        importCsv(campaign, "dev-1,Dev One,later@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        String caseId = caseOf(campaign, "dev-1");
        sweep.runOnce();
        sender.sendDue();
        // A temporary refusal is a counted attempt with the answer kept, and a retry later; nothing failed.
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.status", equalTo(java.util.List.of("QUEUED", "QUEUED")))
                .body("items.attempts", equalTo(java.util.List.of(1, 1)))
                .body("items[0].lastError", org.hamcrest.Matchers.startsWith("451"));
        assertThat(MisbehavingSmtpServer.ACCEPTED).doesNotContain("later@example.com");

        clock.advance(java.time.Duration.ofMinutes(1));
        sender.sendDue();
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.status", equalTo(java.util.List.of("SENT", "SENT")))
                .body("items.attempts", equalTo(java.util.List.of(2, 2)));
        assertThat(MisbehavingSmtpServer.ACCEPTED.stream().filter("later@example.com"::equals)).hasSize(2);
    }

    @Test
    void a_server_that_accepts_the_connection_and_never_greets_costs_one_attempt_and_nothing_stalls()
            throws Exception {
        String campaign = createCampaign("a server that never greets");
        importCsv(campaign, "dev-1,Dev One,greeted-late@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        String caseId = caseOf(campaign, "dev-1");
        sweep.runOnce();
        MisbehavingSmtpServer.greet(false);
        long started = System.nanoTime();
        sender.sendDue();
        // Each send gives up after send-timeout (PT3S in tests): the run ends, it does not hang.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(20));
        assertThat(count(campaign, "status = 'QUEUED' AND attempts = 1 AND last_error IS NOT NULL")).isEqualTo(2);

        MisbehavingSmtpServer.greet(true);
        clock.advance(java.time.Duration.ofMinutes(1));
        sender.sendDue();
        assertThat(count(campaign, "status = 'SENT'")).isEqualTo(2);
        assertThat(MisbehavingSmtpServer.ACCEPTED).contains("greeted-late@example.com");
    }


    /**
     * In headless Chromium: the case page says why a mail failed (the server's answer), and the campaign page
     * puts the campaign's failed mail back in the queue in one step.
     */
    @Test
    void a_manager_sees_why_mail_failed_and_sends_it_again_from_the_campaign_page() throws Exception {
        String campaign = createCampaign("failed mail in the browser");
        importCsv(campaign, "dev-1,Refused Ltd,nobody@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        String caseId = caseOf(campaign, "dev-1");
        sweep.runOnce();
        sender.sendDue();
        String lastError = manager().get("/api/v1/cases/{id}/notices", caseId).jsonPath().getString("items[0].lastError");
        assertThat(lastError).startsWith("550");

        org.openqa.selenium.chrome.ChromeDriver browser = org.datarecall.testing.Browser.start();
        try {
            org.datarecall.testing.Browser.signIn(browser, root, "manager");
            browser.get(root + "dashboard/cases/" + caseId);
            assertThat(browser.findElement(org.openqa.selenium.By.tagName("main")).getText()).contains("FAILED")
                    .contains(lastError);
            browser.get(root + "dashboard/campaigns/" + campaign);
            var retry = browser.findElement(org.openqa.selenium.By.cssSelector("#retry-failed button"));
            assertThat(retry.getText()).isEqualTo("Send the 2 failed mail(s) again");
            retry.click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10)).until(
                    org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(
                            org.openqa.selenium.By.id("message")));
            assertThat(browser.findElement(org.openqa.selenium.By.id("message")).getText()).contains("2");
            assertThat(browser.findElements(org.openqa.selenium.By.id("retry-failed"))).isEmpty();
        } finally {
            browser.quit();
        }
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("notices.FAILED", equalTo(0))
                .body("notices.QUEUED", equalTo(2));
    }
}
