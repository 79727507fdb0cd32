package org.datarecall.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;


import org.datarecall.testing.MisbehavingSmtpServer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A server that refuses the address: the mail ends FAILED at once with the answer, the case carries
 * on. A server that never answers one conversation: the mails around it go out all the same.
 */
@QuarkusTest
@TestProfile(MailServerTroubleTest.Misbehaving.class)
class MailServerTroubleTest extends MisbehavingServerTest {

    public static class Misbehaving implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(MisbehavingSmtpServer.class, Map.of(), true));
        }

        /** A lease just above two sends (send-timeout is 3 s in tests), so that its renewal shows within a test. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datarecall.outbox.lease", "PT7S");
        }
    }


    @Test
    void a_permanent_refusal_fails_the_mail_with_the_server_answer_and_does_not_block_the_case() throws Exception {
        String campaign = createCampaign("refused address");
        importCsv(campaign, "dev-1,Dev One,nobody@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        String caseId = caseOf(campaign, "dev-1");
        sweep.runOnce();
        sender.sendDue();

        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.status", equalTo(java.util.List.of("FAILED", "FAILED")))
                // The server's answer, for the manager who has to find a better address.
                .body("items[0].lastError", org.hamcrest.Matchers.startsWith("550"))
                .body("items[0].attempts", equalTo(1));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("notices.FAILED", equalTo(2))
                .body("notices.QUEUED", equalTo(0));
        try (Connection con = dataSource.getConnection();
                PreparedStatement ps = con.prepareStatement(
                        "SELECT attempts, last_error FROM dr_notice WHERE case_id = ?")) {
            ps.setObject(1, UUID.fromString(caseId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getInt(1)).isEqualTo(1);
                    assertThat(rs.getString(2)).startsWith("550").contains("User unknown");
                }
            }
        }
        int attempts = MisbehavingSmtpServer.RCPT_ATTEMPTS.get();
        sender.sendDue();
        assertThat(MisbehavingSmtpServer.RCPT_ATTEMPTS.get()).isEqualTo(attempts);

        // A manager can send it again (e.g. after fixing the contact with a re-import).
        manager().contentType("application/json").body(Map.of())
                .post("/api/v1/cases/{id}/actions/resend-notice", caseId).then().statusCode(200);
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("notices.QUEUED", equalTo(1));
    }

    /**
     * Both mails to the silent address hold a sending thread until send-timeout (PT3S in tests, and
     * once more at once); the mails claimed with them are sent and marked meanwhile, so a stall
     * costs one thread, not the batch, nor mail that falls due while it lasts.
     */
    @Test
    void a_server_that_never_answers_one_mail_does_not_hold_back_the_others() throws Exception {
        String campaign = createCampaign("a silent conversation");
        String[] rows = new String[13];
        rows[0] = "dev-0,Dev Zero,silent@example.com,,,";
        for (int i = 1; i < rows.length; i++) {
            rows[i] = "dev-" + i + ",Dev " + i + ",dev-" + i + "@example.com,,,";
        }
        importCsv(campaign, rows);
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        String silentCase = caseOf(campaign, "dev-0");

        long started = System.currentTimeMillis();
        java.util.concurrent.CompletableFuture<Integer> sending = java.util.concurrent.CompletableFuture
                .supplyAsync(sender::sendDue);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        long leasedUntil = 0;
        while (count(campaign, "status = 'SENT'") < 24 && System.nanoTime() < deadline) {
            leasedUntil = Math.max(leasedUntil, leaseEnd(silentCase));
            Thread.sleep(50);
        }
        // Everything else is out and marked while the silent conversations are still waited for.
        assertThat(count(campaign, "status = 'SENT'")).isEqualTo(24);
        assertThat(sending).isNotDone();
        assertThat(count(campaign, "case_id = '" + silentCase + "' AND status = 'QUEUED' AND last_error IS NULL"))
                .isEqualTo(2);
        // Mail that falls due meanwhile goes out too, while the silent conversations are still waited for.
        manager().contentType("application/json").body(Map.of())
                .post("/api/v1/cases/{id}/actions/resend-notice", caseOf(campaign, "dev-1")).then().statusCode(200);
        while (count(campaign, "status = 'SENT'") < 25 && System.nanoTime() < deadline) {
            leasedUntil = Math.max(leasedUntil, leaseEnd(silentCase));
            Thread.sleep(50);
        }
        assertThat(count(campaign, "status = 'SENT'")).isEqualTo(25);
        assertThat(sending).isNotDone();
        // While the silent server is waited for, the sender keeps its claim: the lease (7 s here) is renewed
        // before it runs out, so no other replica takes the mails over mid-send.
        // The first lease ends about 7 s after the claim; a renewal (every third of a lease) pushes it past that.
        while (!sending.isDone()) {
            leasedUntil = Math.max(leasedUntil, leaseEnd(silentCase));
            Thread.sleep(50);
        }
        assertThat(leasedUntil).isGreaterThan(started + 8_300);

        // (The sweep may have queued mail of other classes' campaigns too, hence at least.)
        assertThat(sending.get(30, java.util.concurrent.TimeUnit.SECONDS)).isGreaterThanOrEqualTo(25);
        // The silent ones count a failed attempt and wait for their retry.
        assertThat(count(campaign, "case_id = '" + silentCase + "' AND status = 'QUEUED' AND attempts = 1 "
                + "AND last_error LIKE '%TimeoutException%' AND next_attempt_at > now()")).isEqualTo(2);
        assertThat(MisbehavingSmtpServer.ACCEPTED).doesNotContain("silent@example.com")
                .contains("dev-1@example.com", "dev-12@example.com");
    }

    /** The latest lease end of the case's queued mails, in epoch milliseconds. */
    private long leaseEnd(String caseId) throws Exception {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(
                "SELECT (extract(epoch FROM max(next_attempt_at)) * 1000)::bigint FROM dr_notice "
                        + "WHERE case_id = ?::uuid AND status = 'QUEUED' AND last_error IS NULL")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

}
