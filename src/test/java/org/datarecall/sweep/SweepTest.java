package org.datarecall.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.datarecall.testing.Api;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class SweepTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    @Inject
    DataSource dataSource;

    @Inject
    org.datarecall.notice.OperationalGauges gauges;

    private static String launched(String title, String... rows) {
        return Api.launch(title, Map.of(), rows);
    }

    @Test
    void launch_notifies_and_requests_deletion_with_a_personal_link() throws Exception {
        clock.set(T0);
        String campaign = launched("sweep launch",
                "dev-1,Dev One,one@example.com,legal@example.com;cto@example.com,app-1,2026-03-20T00:00:00Z",
                "dev-2,Dev Two,two@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");

        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseId).then()
                .body("state", equalTo("DELETION_REQUESTED")).body("round", equalTo(1))
                .body("dueAt", equalTo("2026-07-01T09:00:00Z"));
        manager().get("/api/v1/cases/{id}/events", caseId).then()
                .body("items.type", equalTo(List.of("CASE_OPENED", "NOTIFIED", "DELETION_REQUESTED")))
                .body("items[1].actor", equalTo("system:sweep"));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then()
                .body("byState.DELETION_REQUESTED", equalTo(2)).body("notices.QUEUED", equalTo(4));

        sender.sendDue();
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then()
                .body("notices.SENT", equalTo(4)).body("notices.QUEUED", equalTo(0));
        manager().get("/api/v1/cases/{id}/notices", caseId).then()
                .body("items.kind", equalTo(List.of("REVOCATION_NOTICE", "DELETION_REQUEST")))
                .body("items.status", equalTo(List.of("SENT", "SENT")));

        List<MimeMessage> mails = SmtpServer.receivedFor(caseId);
        // Each mail reaches the primary address and both Cc addresses: three deliveries of two mails.
        assertThat(mails.stream().map(m -> SmtpServer.header(m, "X-DataRecall-Notice")).distinct())
                .containsExactlyInAnyOrder("REVOCATION_NOTICE", "DELETION_REQUEST");
        MimeMessage request = mails.stream()
                .filter(m -> "DELETION_REQUEST".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).findFirst()
                .orElseThrow();
        assertThat(request.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("one@example.com");
        assertThat(List.of(request.getRecipients(Message.RecipientType.CC)).stream().map(Object::toString))
                .containsExactlyInAnyOrder("legal@example.com", "cto@example.com");
        assertThat(request.getMessageID()).matches("<[0-9a-f-]{36}@platform\\.example>");
        assertThat(request.getSubject()).contains("Wednesday 1 July 2026, 09:00 UTC");
        String text = textPart(request);
        assertThat(text).contains("Dear Dev One,").contains("Deadline: Wednesday 1 July 2026, 09:00 UTC")
                .contains("group member names, profile pictures");
        Matcher link = Pattern.compile("http://localhost:8080/attest/([A-Za-z0-9_-]{43})").matcher(text);
        assertThat(link.find()).as("personal link in %s", text).isTrue();
        assertThat(htmlPart(request)).contains("/attest/" + link.group(1));

        // Only the token's SHA-256 is stored, for this case's round 1.
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(link.group(1).getBytes(StandardCharsets.UTF_8));
        try (Connection con = dataSource.getConnection();
                PreparedStatement ps = con.prepareStatement(
                        "SELECT case_id, round, expires_at FROM dr_token WHERE token_hash = ?")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(UUID.fromString(caseId));
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getObject(3, java.time.OffsetDateTime.class).toInstant())
                        .isEqualTo(T0.plus(Duration.ofDays(180)));
            }
        }
        assertThat(countWhere("dr_notice", "body_text LIKE '%" + link.group(1) + "%'")).isZero();

        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().body("verified", equalTo(true));
    }

    @Test
    void reminders_fire_once_per_offset_only_the_latest_after_downtime_then_escalation() throws Exception {
        clock.set(T0);
        String campaign = launched("reminders", "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        sweep.runOnce();
        Instant due = T0.plus(Duration.ofDays(30));

        clock.set(due.minus(Duration.ofDays(7)));
        sweep.runOnce();
        sweep.runOnce();
        assertThat(reminders(caseId)).containsExactly("-P7D");

        // Down for a while: -P1D and P3D both passed; only P3D goes out.
        clock.set(due.plus(Duration.ofDays(4)));
        sweep.runOnce();
        sweep.runOnce();
        assertThat(reminders(caseId)).containsExactly("-P7D", "P3D");
        manager().get("/api/v1/cases/{id}", caseId).then().body("overdue", equalTo(true))
                .body("state", equalTo("DELETION_REQUESTED"));

        clock.set(due.plus(Duration.ofDays(14)));
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ESCALATED"));
        sender.sendDue();
        List<MimeMessage> escalations = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> "ESCALATION".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).toList();
        assertThat(escalations).hasSize(1);
        assertThat(escalations.getFirst().getRecipients(Message.RecipientType.TO)[0].toString())
                .isEqualTo("partnerships@localhost");
        assertThat(escalations.getFirst().getSubject()).contains("Dev One (dev-1)");
        List<MimeMessage> reminderMails = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> "REMINDER".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).toList();
        assertThat(reminderMails).hasSize(2);
        assertThat(textPart(reminderMails.get(1))).contains("/attest/");

        // A manager extends: the round continues, its reminders do not repeat.
        manager().contentType(ContentType.JSON).body(Map.of("extension", "P10D", "reason", "asked for time"))
                .post("/api/v1/cases/{id}/actions/extend", caseId).then().statusCode(200)
                .body("state", equalTo("DELETION_REQUESTED"));
        clock.advance(Duration.ofDays(9));
        sweep.runOnce();
        assertThat(reminders(caseId)).containsExactly("-P7D", "P3D");
    }

    /**
     * Three sweeps at once, each running batches of 50 two at a time once more than one is due
     * (the test profile's batch size and the default parallel-batches): six claimers on 300 cases.
     */
    @Test
    void sweeps_running_at_once_move_every_case_exactly_once() throws Exception {
        clock.set(T0);
        String[] rows = new String[300];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = "race-" + i + ",Racer " + i + ",racer" + i + "@example.com,,,";
        }
        String campaign = launched("parallel sweeps", rows);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Object>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(() -> sweep.runOnce());
            }
            for (Future<Object> f : pool.invokeAll(runs)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        UUID id = UUID.fromString(campaign);
        assertThat(count("SELECT count(*) FROM dr_notice WHERE campaign_id = ? AND kind = 'REVOCATION_NOTICE'", id))
                .isEqualTo(300);
        assertThat(count("SELECT count(*) FROM dr_notice WHERE campaign_id = ? AND kind = 'DELETION_REQUEST'", id))
                .isEqualTo(300);
        assertThat(count("SELECT count(DISTINCT case_id) FROM dr_token t JOIN dr_case c ON c.id = t.case_id "
                + "WHERE c.campaign_id = ?", id)).isEqualTo(300);
        assertThat(count("SELECT count(*) FROM dr_token t JOIN dr_case c ON c.id = t.case_id WHERE c.campaign_id = ?",
                id)).isEqualTo(300);
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then()
                .body("byState.DELETION_REQUESTED", equalTo(300));
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().body("verified", equalTo(true))
                .body("eventsChecked", equalTo(900));
    }

    @Test
    void metrics_show_cases_by_state_mail_and_the_sweep() {
        clock.set(T0);
        launched("metrics", "dev-1,Dev One,one@example.com,,,");
        sweep.runOnce();
        sender.sendDue();
        gauges.refresh();
        String metrics = org.datarecall.testing.Management.given().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        assertThat(metrics).contains("datarecall_cases{state=\"DELETION_REQUESTED\"}")
                .contains("datarecall_notices_sent_total{kind=\"DELETION_REQUEST\"}")
                .contains("datarecall_notices_oldest_queued_age_seconds")
                .contains("datarecall_sweep_duration_seconds_count{stage=\"REMIND\"}");
    }

    @Test
    void a_draft_campaign_is_left_alone_and_a_delay_is_honoured() {
        clock.set(T0);
        String draft = createCampaign("still a draft");
        importCsv(draft, "dev-1,Dev One,one@example.com,,,");
        String delayed = createCampaign("delayed request");
        manager().contentType(ContentType.JSON).body(Map.of("deletionRequestDelay", "P2D"))
                .put("/api/v1/campaigns/{id}/policy", delayed).then().statusCode(200);
        importCsv(delayed, "dev-1,Dev One,one@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", delayed).then().statusCode(200);

        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseOf(draft, "dev-1")).then().body("state", equalTo("PENDING"));
        manager().get("/api/v1/cases/{id}", caseOf(delayed, "dev-1")).then().body("state", equalTo("NOTIFIED"));
        clock.advance(Duration.ofDays(2));
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseOf(delayed, "dev-1")).then()
                .body("state", equalTo("DELETION_REQUESTED"));
    }

    private List<String> reminders(String caseId) {
        return manager().get("/api/v1/cases/{id}/events", caseId).then().extract().jsonPath()
                .getList("items.findAll { it.type == 'REMINDER_SENT' }.data.offset");
    }

    private long count(String sql, UUID id) {
        return Sql.count(dataSource, sql, id);
    }

    private long countWhere(String table, String condition) throws Exception {
        try (Connection con = dataSource.getConnection();
                PreparedStatement ps = con.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + condition);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String textPart(MimeMessage m) throws Exception {
        return SmtpServer.text(m);
    }

    static String htmlPart(MimeMessage m) throws Exception {
        return SmtpServer.html(m);
    }
}
