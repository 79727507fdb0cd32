package org.datarecall.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.datarecall.testing.BounceMailboxServer;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WithBounceMailbox;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Bounces read from a real IMAP mailbox (GreenMail): real delivery status notifications and plain
 * bounces, sent back to the VERP address each mail went out with.
 */
@QuarkusTest
@TestProfile(WithBounceMailbox.class)
class BounceTest extends WorkflowTest {

    @Inject
    BounceMailbox mailbox;

    /** Two developers notified and asked; answers dev-1's case. */
    private String mailedCampaign(String title, String email) {
        String campaign = createCampaign(title);
        importCsv(campaign, "dev-1,Dev One," + email + ",,,", "dev-2,Dev Two,two@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        return campaign;
    }

    private static String requestNotice(String caseId) {
        return JsonPath.from(manager().get("/api/v1/cases/{id}/notices", caseId).asString())
                .getString("items.find { it.kind == 'DELETION_REQUEST' }.id");
    }

    private static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** A delivery status notification as Postfix writes it. */
    private static MimeMessage dsn(String noticeId, String recipient, String action, String status, String diagnostic)
            throws Exception {
        String verp = "bounces+" + noticeId + "@platform.example";
        return parse("""
                Return-Path: <>
                Delivered-To: %s
                From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Message-Id: <20261202.%s@mx.example.com>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

                --BOUNDARY
                Content-Type: text/plain; charset=us-ascii

                This is the mail system at host mx.example.com.

                I'm sorry to have to inform you that your message could not
                be delivered to one or more recipients.

                --BOUNDARY
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.com
                Arrival-Date: Wed,  2 Dec 2026 07:30:00 +0000 (UTC)

                Final-Recipient: rfc822; %s
                Original-Recipient: rfc822;%s
                Action: %s
                Status: %s
                Remote-MTA: dns; mail.example.com
                Diagnostic-Code: smtp; %s

                --BOUNDARY
                Content-Type: text/rfc822-headers

                Return-Path: <%s>
                From: recall@platform.example
                To: %s
                Subject: Action required

                --BOUNDARY--
                """.formatted(verp, verp, noticeId.substring(0, 8), recipient, recipient, action, status, diagnostic,
                verp, recipient));
    }

    @Test
    void a_delivery_status_notification_marks_the_notice_bounced_and_the_case_unreachable() throws Exception {
        String campaign = mailedCampaign("bounced request", "gone@example.com");
        String gone = caseOf(campaign, "dev-1");
        String other = caseOf(campaign, "dev-2");
        String notice = requestNotice(gone);
        // Each mail went out with its own envelope sender: the bounce mailbox plus the notice id.
        MimeMessage sent = SmtpServer.receivedFor(gone).stream()
                .filter(m -> "DELETION_REQUEST".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).findFirst()
                .orElseThrow();
        assertThat(SmtpServer.header(sent, "Return-Path")).contains("bounces+" + notice + "@platform.example");

        BounceMailboxServer.deliver(dsn(notice, "gone@example.com", "failed", "5.1.1",
                "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown"));
        // A delay is no bounce; nor is a message that names no notice of ours.
        BounceMailboxServer.deliver(dsn(requestNotice(other), "two@example.com", "delayed", "4.4.1",
                "connect to mail.example.com: Connection timed out"));
        BounceMailboxServer.deliver(parse("""
                From: someone@example.org
                To: bounces@platform.example
                Subject: hello

                Not a bounce.
                """));

        BounceMailbox.Pass pass = mailbox.readOnce().orElseThrow();
        assertThat(pass).isEqualTo(new BounceMailbox.Pass(3, 1, 1, 0));

        JsonPath notices = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", gone).asString());
        assertThat(notices.getString("items.find { it.id == '" + notice + "' }.status")).isEqualTo("BOUNCED");
        assertThat(notices.getString("items.find { it.id == '" + notice + "' }.bounceStatus")).isEqualTo("5.1.1");
        assertThat(notices.getString("items.find { it.id == '" + notice + "' }.bounceDiagnostic"))
                .contains("User unknown");
        manager().get("/api/v1/cases/{id}", gone).then().body("unreachable", equalTo(true))
                .body("state", equalTo("DELETION_REQUESTED"));
        manager().get("/api/v1/cases/{id}", other).then().body("unreachable", equalTo(false));
        JsonPath events = JsonPath.from(manager().get("/api/v1/cases/{id}/events", gone).asString());
        Map<String, Object> bounced = events.getMap("items.find { it.type == 'NOTICE_BOUNCED' }.data");
        assertThat(bounced).containsEntry("noticeId", notice).containsEntry("kind", "DELETION_REQUEST")
                .containsEntry("recipient", "gone@example.com").containsEntry("status", "5.1.1");
        assertThat((String) bounced.get("diagnostic")).contains("User unknown");
        manager().get("/api/v1/campaigns/{id}/cases?unreachable=true", campaign).then()
                .body("items.developer.developerId", equalTo(List.of("dev-1")));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("unreachable", equalTo(1))
                .body("notices.BOUNCED", equalTo(1));
        manager().get("/api/v1/campaigns/{id}/cases?unreachable=maybe", campaign).then().statusCode(400);

        // Read messages were moved: the next pass finds nothing, and a bounce delivered twice changes nothing.
        assertThat(BounceMailboxServer.messagesIn("INBOX")).isZero();
        assertThat(BounceMailboxServer.messagesIn("DataRecall-Processed")).isGreaterThanOrEqualTo(3);
        assertThat(mailbox.readOnce().orElseThrow().read()).isZero();
        BounceMailboxServer.deliver(dsn(notice, "gone@example.com", "failed", "5.1.1", "550 5.1.1 User unknown"));
        assertThat(mailbox.readOnce().orElseThrow()).isEqualTo(new BounceMailbox.Pass(1, 1, 0, 0));
        assertThat(JsonPath.from(manager().get("/api/v1/cases/{id}/events", gone).asString())
                .getList("items.findAll { it.type == 'NOTICE_BOUNCED' }")).hasSize(1);
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().body("verified", equalTo(true));
    }

    @Test
    void a_plain_text_bounce_to_the_verp_address_is_understood() throws Exception {
        String campaign = mailedCampaign("plain bounce", "full@example.com");
        String gone = caseOf(campaign, "dev-1");
        String notice = requestNotice(gone);
        BounceMailboxServer.deliver(parse("""
                From: postmaster@example.com
                To: bounces+%s@platform.example
                Subject: Delivery failure

                Your message to full@example.com could not be delivered.

                552 5.2.2 <full@example.com>: mailbox full
                """.formatted(notice)));
        assertThat(mailbox.readOnce().orElseThrow().marked()).isOne();
        manager().get("/api/v1/cases/{id}", gone).then().body("unreachable", equalTo(true));
        Map<String, Object> bounced = JsonPath.from(manager().get("/api/v1/cases/{id}/events", gone).asString())
                .getMap("items.find { it.type == 'NOTICE_BOUNCED' }.data");
        assertThat(bounced).containsEntry("status", "5.2.2").containsEntry("recipient", "full@example.com");
        assertThat((String) bounced.get("diagnostic")).contains("mailbox full");
    }

    @Test
    void out_of_office_replies_delay_warnings_and_refused_cc_addresses_leave_the_developer_reachable()
            throws Exception {
        String campaign = mailedCampaign("not bounces", "away@example.com");
        String away = caseOf(campaign, "dev-1");
        String notice = requestNotice(away);
        // An auto-reply goes to the envelope sender too, and may quote anything.
        BounceMailboxServer.deliver(parse("""
                From: Dev One <away@example.com>
                To: bounces+%s@platform.example
                Subject: Out of office
                Auto-Submitted: auto-replied

                I am away until Monday. 550 replies are not mine to give.
                """.formatted(notice)));
        // A plain warning that the mail is still being tried.
        BounceMailboxServer.deliver(parse("""
                From: postmaster@example.com
                To: bounces+%s@platform.example
                Subject: Delivery delayed

                Your message to away@example.com is delayed: 451 4.4.1 try again later.
                """.formatted(notice)));
        // A report that only a Cc address was refused: the developer got the mail.
        BounceMailboxServer.deliver(dsn(notice, "old-dpo@example.com", "failed", "5.1.1", "550 5.1.1 no such user"));
        assertThat(mailbox.readOnce().orElseThrow()).isEqualTo(new BounceMailbox.Pass(3, 1, 0, 0));
        manager().get("/api/v1/cases/{id}", away).then().body("unreachable", equalTo(false));
        JsonPath notices = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", away).asString());
        assertThat(notices.getString("items.find { it.id == '" + notice + "' }.status")).isEqualTo("SENT");
    }

    @Test
    void a_new_address_is_reachable_once_a_mail_to_it_goes_out_and_old_bounces_do_not_flag_it() throws Exception {
        String campaign = mailedCampaign("new address after a bounce", "closed@example.com");
        String caseId = caseOf(campaign, "dev-1");
        String revocation = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", caseId).asString())
                .getString("items.find { it.kind == 'REVOCATION_NOTICE' }.id");
        BounceMailboxServer.deliver(dsn(requestNotice(caseId), "closed@example.com", "failed", "5.1.1",
                "550 5.1.1 mailbox closed"));
        mailbox.readOnce();
        manager().get("/api/v1/cases/{id}", caseId).then().body("unreachable", equalTo(true));

        manager().contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("email", "open@example.com", "reason", "The developer wrote from a new address"))
                .post("/api/v1/cases/{id}/actions/update-contact", caseId).then().statusCode(200)
                // Not yet: nothing has reached the new address.
                .body("unreachable", equalTo(true));
        sender.sendDue();
        manager().get("/api/v1/cases/{id}", caseId).then().body("unreachable", equalTo(false));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("unreachable", equalTo(0));

        // The first notice, to the old address, bounces late: recorded, but the new address stands.
        BounceMailboxServer.deliver(dsn(revocation, "closed@example.com", "failed", "5.1.1", "550 5.1.1 mailbox closed"));
        assertThat(mailbox.readOnce().orElseThrow().marked()).isOne();
        manager().get("/api/v1/cases/{id}", caseId).then().body("unreachable", equalTo(false));
        assertThat(JsonPath.from(manager().get("/api/v1/cases/{id}/events", caseId).asString())
                .getList("items.findAll { it.type == 'NOTICE_BOUNCED' }")).hasSize(2);

        // The new address bounces too: unreachable again.
        String resent = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", caseId).asString())
                .getString("items.findAll { it.kind == 'DELETION_REQUEST' }[-1].id");
        BounceMailboxServer.deliver(dsn(resent, "open@example.com", "failed", "5.1.1", "550 5.1.1 no such user"));
        mailbox.readOnce();
        manager().get("/api/v1/cases/{id}", caseId).then().body("unreachable", equalTo(true));
    }

    @Test
    void replicas_reading_at_once_record_each_bounce_once() throws Exception {
        String campaign = mailedCampaign("bounces read at once", "once@example.com");
        String gone = caseOf(campaign, "dev-1");
        BounceMailboxServer.deliver(dsn(requestNotice(gone), "once@example.com", "failed", "5.1.1", "550 no such user"));
        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            List<Future<Optional<BounceMailbox.Pass>>> reads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                reads.add(replicas.submit(mailbox::readOnce));
            }
            int marked = 0;
            for (Future<Optional<BounceMailbox.Pass>> read : reads) {
                marked += read.get().map(BounceMailbox.Pass::marked).orElse(0);
            }
            assertThat(marked).isOne();
        } finally {
            replicas.shutdown();
        }
        assertThat(JsonPath.from(manager().get("/api/v1/cases/{id}/events", gone).asString())
                .getList("items.findAll { it.type == 'NOTICE_BOUNCED' }")).hasSize(1);
    }

    @Test
    void a_broken_message_is_moved_aside_for_a_person_and_the_bounces_behind_it_are_read() throws Exception {
        String campaign = mailedCampaign("broken message in the mailbox", "broken@example.com");
        String gone = caseOf(campaign, "dev-1");
        // A report whose multipart body never opens its boundary: it cannot be parsed at all.
        BounceMailboxServer.deliver(parse("""
                From: MAILER-DAEMON@mx.example.com
                To: bounces+%s@platform.example
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="NEVER-THERE"

                This report lost its parts on the way.
                """.formatted(requestNotice(gone))));
        BounceMailboxServer.deliver(dsn(requestNotice(gone), "broken@example.com", "failed", "5.1.1",
                "550 5.1.1 User unknown"));

        // The broken one is moved for a person to look at; the report behind it is read in the same pass.
        assertThat(mailbox.readOnce().orElseThrow()).isEqualTo(new BounceMailbox.Pass(1, 1, 1, 1));
        assertThat(BounceMailboxServer.messagesIn("INBOX")).isZero();
        assertThat(BounceMailboxServer.messagesIn("DataRecall-Unreadable")).isOne();
        manager().get("/api/v1/cases/{id}", gone).then().body("unreachable", equalTo(true));
        assertThat(mailbox.readOnce().orElseThrow()).isEqualTo(new BounceMailbox.Pass(0, 0, 0, 0));
    }

    @Test
    void a_report_for_an_unknown_notice_or_naming_none_changes_nothing_and_is_moved_aside() throws Exception {
        String campaign = mailedCampaign("reports that name nothing of ours", "kept@example.com");
        String kept = caseOf(campaign, "dev-1");
        int eventsBefore = JsonPath.from(manager().get("/api/v1/cases/{id}/events", kept).asString())
                .getList("items").size();
        // The VERP address of a notice that does not exist.
        BounceMailboxServer.deliver(dsn(java.util.UUID.randomUUID().toString(), "kept@example.com", "failed", "5.1.1",
                "550 5.1.1 User unknown"));
        // A report to the plain bounce address whose returned headers name none of our mails.
        BounceMailboxServer.deliver(parse(report("bounces@platform.example", "kept@example.com",
                "Message-ID: <not-ours@elsewhere.example>")));

        BounceMailbox.Pass pass = mailbox.readOnce().orElseThrow();
        assertThat(pass.read()).isEqualTo(2);
        assertThat(pass.marked()).isZero();
        assertThat(BounceMailboxServer.messagesIn("INBOX")).isZero();
        manager().get("/api/v1/cases/{id}", kept).then().body("unreachable", equalTo(false));
        assertThat(JsonPath.from(manager().get("/api/v1/cases/{id}/events", kept).asString()).getList("items"))
                .hasSize(eventsBefore);
        assertThat(JsonPath.from(manager().get("/api/v1/cases/{id}/notices", kept).asString())
                .getList("items.findAll { it.status == 'BOUNCED' }")).isEmpty();
    }

    @Test
    void a_report_that_lost_the_verp_address_is_matched_by_the_returned_message_id() throws Exception {
        String campaign = mailedCampaign("envelope sender rewritten", "rewritten@example.com");
        String gone = caseOf(campaign, "dev-1");
        String notice = requestNotice(gone);
        String messageId = SmtpServer.header(SmtpServer.receivedFor(gone).stream()
                .filter(m -> "DELETION_REQUEST".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).findFirst()
                .orElseThrow(), "Message-ID");
        // A relay rewrote the envelope sender, so the report comes to the plain bounce address.
        BounceMailboxServer.deliver(parse(report("bounces@platform.example", "rewritten@example.com",
                "Message-ID: " + messageId)));

        assertThat(mailbox.readOnce().orElseThrow().marked()).isOne();
        JsonPath notices = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", gone).asString());
        assertThat(notices.getString("items.find { it.id == '" + notice + "' }.status")).isEqualTo("BOUNCED");
        manager().get("/api/v1/cases/{id}", gone).then().body("unreachable", equalTo(true));
    }

    @Test
    void a_mailbox_that_is_down_is_read_again_once_it_is_back_and_nothing_is_lost() throws Exception {
        String campaign = mailedCampaign("mailbox down", "later@example.com");
        String gone = caseOf(campaign, "dev-1");
        BounceMailboxServer.whileDown(() -> {
            assertThatThrownBy(() -> mailbox.readOnce()).hasMessageContaining("bounce mailbox");
            // The scheduled pass logs the failure and lets the next one try again.
            mailbox.scheduled();
        });
        BounceMailboxServer.deliver(dsn(requestNotice(gone), "later@example.com", "failed", "5.1.1",
                "550 5.1.1 User unknown"));
        // The failed passes left the replicas' lock free: the next pass reads and records the report.
        assertThat(mailbox.readOnce().orElseThrow()).isEqualTo(new BounceMailbox.Pass(1, 1, 1, 0));
        manager().get("/api/v1/cases/{id}", gone).then().body("unreachable", equalTo(true));
    }

    /** A delivery status notification sent to {@code to}, with these returned headers of the original mail. */
    private static String report(String to, String recipient, String returnedHeaders) {
        return """
                From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
                To: %1$s
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: text/plain

                Your message could not be delivered.

                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.com

                Final-Recipient: rfc822; %2$s
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 User unknown

                --B
                Content-Type: text/rfc822-headers

                From: recall@platform.example
                To: %2$s
                %3$s
                Subject: Action required

                --B--
                """.formatted(to, recipient, returnedHeaders);
    }
}
