package org.datarecall.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.testing.QueuedMail;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

@QuarkusTest
@TestProfile(OutboxTest.NoPooledConnections.class)
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class OutboxTest extends WorkflowTest {

    /**
     * These tests stop and restart the SMTP server. GreenMail's stop() can leave an accepted connection
     * open but unserved, and a pooled connection to it would hang the next send for 30 s; so here
     * every mail opens its own connection.
     */
    public static class NoPooledConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.keep-alive", "false");
        }
    }

    @Inject
    DataSource dataSource;

    @BeforeEach
    void parkOtherTestsMail() throws Exception {
        QueuedMail.parkAll(dataSource);
    }

    private String requestedCase(String title, String email) {
        String campaign = createCampaign(title);
        importCsv(campaign, "dev-1,Dev One," + email + ",,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        return caseOf(campaign, "dev-1");
    }

    @Test
    void mail_waits_while_the_server_is_down_and_goes_out_when_it_is_back() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        SmtpServer.down();
        String caseId = requestedCase("smtp down", "patient@example.com");
        sender.sendDue();
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.status", equalTo(List.of("QUEUED", "QUEUED")));
        // The case moves on regardless of mail.
        manager().contentType(ContentType.JSON).body(Map.of("reason", "silent"))
                .post("/api/v1/cases/{id}/actions/escalate", caseId).then().statusCode(200);

        SmtpServer.restart();
        sender.sendDue();
        // Only the escalation mail, decided after the failures, goes at once; the others wait their backoff.
        assertThat(SmtpServer.receivedFor(caseId)).extracting(m -> SmtpServer.header(m, "X-DataRecall-Notice"))
                .containsExactly("ESCALATION");
        clock.advance(Duration.ofSeconds(2));
        sender.sendDue();
        assertThat(SmtpServer.receivedFor(caseId)).hasSize(3);
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.status", equalTo(List.of("SENT", "SENT", "SENT")))
                .body("items.kind", equalTo(List.of("REVOCATION_NOTICE", "DELETION_REQUEST", "ESCALATION")));
        // Developers' answers go to the partnership team's mailbox; the staff's own escalation mail has no Reply-To.
        for (MimeMessage mail : SmtpServer.receivedFor(caseId)) {
            String kind = SmtpServer.header(mail, "X-DataRecall-Notice");
            assertThat(SmtpServer.header(mail, "Reply-To")).as(kind)
                    .isEqualTo("ESCALATION".equals(kind) ? null : "partnerships@platform.example");
        }
    }

    @Inject
    Outbox outbox;

    @Test
    void a_replica_whose_lease_ran_out_cannot_overwrite_what_another_replica_did() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String caseId = requestedCase("lease ran out", "fenced@example.com");
        Instant now = clock.instant();
        Duration lease = Duration.ofMinutes(3);
        UUID slow = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<UUID> mails = ofCase(QuarkusTransaction.requiringNew().call(() -> outbox.claim(slow, 500, now, lease)),
                caseId);
        assertThat(mails).hasSize(2);
        assertThat(ofCase(QuarkusTransaction.requiringNew().call(() -> outbox.claim(other, 500, now.plusSeconds(60),
                lease)), caseId)).as("held within the lease").isEmpty();

        // The slow replica's lease runs out; another takes the mails over and sends them.
        Instant later = now.plus(Duration.ofMinutes(4));
        assertThat(ofCase(QuarkusTransaction.requiringNew().call(() -> outbox.claim(other, 500, later, lease)), caseId))
                .containsExactlyInAnyOrderElementsOf(mails);
        assertThat(attempts(caseId)).as("claims count no attempt").containsOnly(0);
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.markSent(other, mails, later))).isEqualTo(2);

        // The slow replica's late marks change nothing.
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.markFailed(slow, mails.get(0), "late"))).isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.retryAt(slow, mails.get(1), later, "late")))
                .isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.markSent(slow, mails, later))).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.renew(slow, mails, later.plus(lease)))).isZero();
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.status", equalTo(List.of("SENT", "SENT")));
        assertThat(attempts(caseId)).containsOnly(1);
    }

    @Test
    void a_mail_whose_sends_never_end_is_failed_after_max_attempts_claims() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String caseId = requestedCase("never marked", "poison@example.com");
        Duration lease = Duration.ofMinutes(3);
        // Eight senders claim the mails and die before any send ends: each claim runs out.
        for (int i = 0; i < 8; i++) {
            Instant at = clock.instant();
            QuarkusTransaction.requiringNew().call(() -> outbox.claim(UUID.randomUUID(), 500, at, lease));
            clock.advance(lease.plusSeconds(1));
        }
        sender.sendDue();
        assertThat(SmtpServer.receivedFor(caseId)).isEmpty();
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.status", equalTo(List.of("FAILED", "FAILED")));
        assertThat(attempts(caseId)).containsOnly(0);
    }

    @Test
    void a_lease_shorter_than_two_sends_stops_the_service_at_start() {
        OutboxSender.checkLease(Duration.ofMinutes(3), Duration.ofMinutes(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> OutboxSender.checkLease(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .hasMessageContaining("datarecall.outbox.lease");
    }

    private static List<UUID> ofCase(List<Outbox.Claimed> claimed, String caseId) {
        return claimed.stream().filter(c -> caseId.equals(String.valueOf(c.caseId()))).map(Outbox.Claimed::id).toList();
    }

    private List<Integer> attempts(String caseId) {
        List<Integer> attempts = new java.util.ArrayList<>();
        try (var con = dataSource.getConnection();
                var ps = con.prepareStatement("SELECT attempts FROM dr_notice WHERE case_id = ?::uuid")) {
            ps.setString(1, caseId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    attempts.add(rs.getInt(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return attempts;
    }

    @Test
    void after_the_last_attempt_a_mail_is_failed_and_can_be_resent() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        SmtpServer.down();
        String caseId = requestedCase("smtp gone", "unlucky@example.com");
        for (int attempt = 1; attempt <= 8; attempt++) {
            sender.sendDue();
            clock.advance(Duration.ofHours(2));
        }
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.status", equalTo(List.of("FAILED", "FAILED")));
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));

        SmtpServer.restart();
        manager().contentType(ContentType.JSON).post("/api/v1/cases/{id}/actions/resend-notice", caseId)
                .then().statusCode(200);
        sender.sendDue();
        List<MimeMessage> mails = SmtpServer.receivedFor(caseId);
        assertThat(mails).hasSize(1);
        assertThat(SmtpServer.header(mails.getFirst(), "X-DataRecall-Notice")).isEqualTo("DELETION_REQUEST");
    }

    @Test
    void manager_actions_send_their_mail() throws Exception {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String caseId = requestedCase("action mail", "acted@example.com");
        manager().contentType(ContentType.JSON).body(Map.of("dueAt", "2026-08-01T00:00:00Z", "reason", "holidays"))
                .post("/api/v1/cases/{id}/actions/extend", caseId).then().statusCode(200);
        manager().contentType(ContentType.JSON).body(Map.of("reason", "sent to the wrong developer"))
                .post("/api/v1/cases/{id}/actions/withdraw", caseId).then().statusCode(200);
        sender.sendDue();
        List<String> kinds = SmtpServer.receivedFor(caseId).stream()
                .map(m -> SmtpServer.header(m, "X-DataRecall-Notice")).toList();
        assertThat(kinds).containsExactlyInAnyOrder("REVOCATION_NOTICE", "DELETION_REQUEST", "DELETION_REQUEST",
                "WITHDRAWAL_NOTICE");
        MimeMessage extended = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> "DELETION_REQUEST".equals(SmtpServer.header(m, "X-DataRecall-Notice")))
                .filter(m -> {
                    try {
                        return m.getSubject().contains("1 August 2026");
                    } catch (Exception e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
        assertThat(org.datarecall.sweep.SweepTestAccess.text(extended)).contains("Saturday 1 August 2026, 00:00 UTC");
    }

    @Test
    void markup_from_outside_is_escaped_in_html_and_kept_out_of_headers() throws Exception {
        String campaign = manager().contentType(ContentType.JSON)
                .body(Map.of("title", "Leak <script>alert(1)</script>\r\nBcc: evil@example.com",
                        "dataCategories", List.of("<b>names</b>")))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        importCsv(campaign, "dev-1,\"<img src=x onerror=alert(1)>\",markup@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        MimeMessage mail = SmtpServer.receivedFor(caseOf(campaign, "dev-1")).getFirst();
        assertThat(mail.getSubject()).doesNotContain("\n").doesNotContain("\r");
        assertThat(mail.getHeader("Bcc")).isNull();
        String html = org.datarecall.sweep.SweepTestAccess.html(mail);
        assertThat(html).doesNotContain("<script>").doesNotContain("<img").doesNotContain("<b>names")
                .contains("&lt;script&gt;").contains("&lt;img");
    }

    @Test
    void jakarta_mail_is_told_its_stream_provider_by_name_instead_of_searching_the_class_path_per_message() {
        // Searched, it is found through the ServiceLoader for every message, header block and body part.
        assertThat(System.getProperty("jakarta.mail.util.StreamProvider"))
                .isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");
        assertThat(jakarta.mail.util.StreamProvider.provider())
                .isInstanceOf(org.eclipse.angus.mail.util.MailStreamProvider.class);
    }
}
