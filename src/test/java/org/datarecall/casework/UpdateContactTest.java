package org.datarecall.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WithBounceMailbox;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/**
 * A manager gives a developer new addresses: the event, the case's contacts, and the latest mail sent
 * again to the new address through the real SMTP server. (Same profile as the bounce tests, which show
 * the unreachable flag clearing.)
 */
@QuarkusTest
@TestProfile(WithBounceMailbox.class)
class UpdateContactTest extends WorkflowTest {

    private static ValidatableResponse update(String caseId, Object body) {
        return manager().contentType(ContentType.JSON).body(body)
                .post("/api/v1/cases/{id}/actions/update-contact", caseId).then();
    }

    private String requestedCase(String title) {
        String campaign = createCampaign(title);
        importCsv(campaign, "dev-1,Dev One,old@example.com,old-dpo@example.com,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        return caseOf(campaign, "dev-1");
    }

    private static List<String> addresses(MimeMessage m, Message.RecipientType type) throws Exception {
        var recipients = m.getRecipients(type);
        return recipients == null ? List.of() : Arrays.stream(recipients).map(Object::toString).toList();
    }

    /** Each mail of the case once (the server keeps a copy per recipient). */
    private static List<MimeMessage> sent(String caseId) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return SmtpServer.receivedFor(caseId).stream().filter(m -> seen.add(SmtpServer.header(m, "Message-ID")))
                .toList();
    }

    private static long events(String caseId) {
        return JsonPath.from(manager().get("/api/v1/cases/{id}/events", caseId).asString()).getList("items").size();
    }

    @Test
    void the_latest_mail_goes_again_to_the_new_address() throws Exception {
        String caseId = requestedCase("new address");
        update(caseId, Map.of("email", "new@example.com", "ccEmails", List.of("dpo@example.com", "NEW@example.com"),
                "reason", "The old mailbox was closed")).statusCode(200)
                .body("state", equalTo("DELETION_REQUESTED"))
                .body("developer.email", equalTo("new@example.com"))
                // The primary address is not copied to itself.
                .body("developer.ccEmails", equalTo(List.of("dpo@example.com")));
        Map<String, Object> event = JsonPath.from(manager().get("/api/v1/cases/{id}/events", caseId).asString())
                .getMap("items[-1]");
        assertThat(event).containsEntry("type", "CONTACT_UPDATED").containsEntry("actor", "manager")
                .containsEntry("fromState", "DELETION_REQUESTED").containsEntry("toState", "DELETION_REQUESTED");
        assertThat(event.get("data")).isEqualTo(Map.of("email", "new@example.com", "ccEmails",
                List.of("dpo@example.com"), "reason", "The old mailbox was closed"));

        java.util.Set<String> before = new java.util.HashSet<>(sent(caseId).stream()
                .map(m -> SmtpServer.header(m, "Message-ID")).toList());
        sender.sendDue();
        List<MimeMessage> mails = sent(caseId);
        assertThat(mails).hasSize(before.size() + 1);
        // The server lists mail by mailbox, not by arrival: the new one is the one not there before.
        MimeMessage resent = mails.stream().filter(m -> !before.contains(SmtpServer.header(m, "Message-ID")))
                .findFirst().orElseThrow();
        assertThat(addresses(resent, Message.RecipientType.TO)).containsExactly("new@example.com");
        assertThat(addresses(resent, Message.RecipientType.CC)).containsExactly("dpo@example.com");
        // The same request as before, with the link that opens the case now.
        MimeMessage request = mails.stream().filter(m -> before.contains(SmtpServer.header(m, "Message-ID"))
                && "DELETION_REQUEST".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).findFirst().orElseThrow();
        assertThat(resent.getSubject()).isEqualTo(request.getSubject());
        assertThat(SmtpServer.text(resent)).isEqualTo(SmtpServer.text(request));

        Map<String, Object> listed = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", caseId).asString())
                .getMap("items.find { it.to[0] == 'new@example.com' }");
        assertThat(listed).containsEntry("status", "SENT")
                .containsEntry("attempts", 1);

        // No Cc list keeps the case's own.
        update(caseId, Map.of("email", "newer@example.com", "reason", "Another move")).statusCode(200)
                .body("developer.ccEmails", equalTo(List.of("dpo@example.com")));
        // An empty one removes it.
        update(caseId, Map.of("email", "newer@example.com", "ccEmails", List.of(), "reason", "No Cc")).statusCode(200)
                .body("developer.ccEmails", equalTo(List.of()));
    }

    @Test
    void mail_still_waiting_goes_to_the_new_address_once_and_is_not_copied() throws Exception {
        String campaign = createCampaign("new address before sending");
        importCsv(campaign, "dev-1,Dev One,old@example.com,old-dpo@example.com,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        String caseId = caseOf(campaign, "dev-1");
        int waiting = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", caseId).asString())
                .getList("items").size();
        update(caseId, Map.of("email", "new@example.com", "ccEmails", List.of(), "reason", "Typo in the import"))
                .statusCode(200);
        JsonPath notices = JsonPath.from(manager().get("/api/v1/cases/{id}/notices", caseId).asString());
        assertThat(notices.getList("items")).hasSize(waiting);
        assertThat(notices.getList("items.to", List.class)).allSatisfy(to -> assertThat(to).isEqualTo(List.of("new@example.com")));
        sender.sendDue();
        List<MimeMessage> mails = sent(caseId);
        assertThat(mails).hasSize(waiting).allSatisfy(m -> {
            assertThat(addresses(m, Message.RecipientType.TO)).containsExactly("new@example.com");
            assertThat(addresses(m, Message.RecipientType.CC)).isEmpty();
        });
    }

    @Test
    void before_the_first_notice_nothing_is_sent_again_and_the_first_mail_goes_to_the_new_address()
            throws Exception {
        String campaign = createCampaign("new address early");
        importCsv(campaign, "dev-1,Dev One,old@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        update(caseId, Map.of("email", "first@example.com", "reason", "Corrected before launch")).statusCode(200)
                .body("state", equalTo("PENDING"));
        manager().get("/api/v1/cases/{id}/notices", caseId).then().body("items", equalTo(List.of()));
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        assertThat(SmtpServer.receivedFor(caseId)).isNotEmpty()
                .allSatisfy(m -> assertThat(addresses(m, Message.RecipientType.TO)).containsExactly("first@example.com"));
    }

    @Test
    void bad_addresses_wrong_roles_no_change_and_ended_cases_change_nothing() {
        String caseId = requestedCase("new address refused");
        long history = events(caseId);
        update(caseId, Map.of("email", "not an address", "ccEmails", List.of("ok@example.com", "bad@"),
                "reason", " ")).statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("reason", "email", "ccEmails")));
        update(caseId, Map.of("email", "new@example.com", "reason", "x", "name", "New Name")).statusCode(400);
        update(caseId, Map.of("reason", "no address")).statusCode(400)
                .body("violations[0].field", equalTo("email"));
        // The addresses it already has: nothing would change.
        update(caseId, Map.of("email", "OLD@example.com", "ccEmails", List.of("old-dpo@example.com"),
                "reason", "same")).statusCode(409).body("detail", containsString("already has these addresses"));
        as("auditor").contentType(ContentType.JSON).body(Map.of("email", "new@example.com", "reason", "x"))
                .post("/api/v1/cases/{id}/actions/update-contact", caseId).then().statusCode(403);
        as("viewer").contentType(ContentType.JSON).body(Map.of("email", "new@example.com", "reason", "x"))
                .post("/api/v1/cases/{id}/actions/update-contact", caseId).then().statusCode(403);
        manager().get("/api/v1/cases/{id}", caseId).then().body("developer.email", equalTo("old@example.com"))
                .body("developer.ccEmails", equalTo(List.of("old-dpo@example.com")));
        assertThat(events(caseId)).isEqualTo(history);

        manager().contentType(ContentType.JSON).body(Map.of("reason", "duplicate"))
                .post("/api/v1/cases/{id}/actions/withdraw", caseId).then().statusCode(200);
        update(caseId, Map.of("email", "new@example.com", "reason", "too late")).statusCode(409)
                .body("allowedActions", equalTo(List.of("resend-notice", "add-note")));
        manager().get("/api/v1/cases/{id}", caseId).then().body("developer.email", equalTo("old@example.com"));
    }
}
