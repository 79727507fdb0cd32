package org.datarecall.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.developer;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WithBounceMailbox;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;

/**
 * The developer's contact hands the round to a colleague: the event, both mails through the real SMTP
 * server, the delegate's own link that answers, and the contact's link that only shows the case.
 */
@QuarkusTest
@TestProfile(WithBounceMailbox.class)
class DelegationTest extends WorkflowTest {

    static final Map<String, Object> GRACE = Map.of("name", "Grace Hopper", "email", "grace@developer.example",
            "reason", "She signs for our legal entity");

    @BeforeEach
    void start() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
    }

    private static Response delegate(String token, Object body) {
        return developer(token).contentType(ContentType.JSON).body(body).post("/api/v1/portal/delegate");
    }

    private static MimeMessage mail(String caseId, String kind) {
        return SmtpServer.receivedFor(caseId).stream().filter(m -> kind.equals(SmtpServer.header(m,
                "X-DataRecall-Notice"))).toList().getLast();
    }

    private static List<String> to(MimeMessage m) throws Exception {
        return Arrays.stream(m.getAllRecipients()).map(Object::toString).toList();
    }

    private static long events(String caseId) {
        return JsonPath.from(manager().get("/api/v1/cases/{id}/events", caseId).asString()).getList("items").size();
    }

    @Test
    void the_delegate_answers_with_its_own_link_and_the_contacts_link_only_shows_the_case() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "delegated request");
        delegate(one.token(), GRACE).then().statusCode(201).body("round", equalTo(1))
                .body("name", equalTo("Grace Hopper")).body("email", equalTo("grace@developer.example"));

        Map<String, Object> event = JsonPath.from(manager().get("/api/v1/cases/{id}/events", one.caseId()).asString())
                .getMap("items[-1]");
        assertThat(event).containsEntry("type", "DELEGATED").containsEntry("actor", "developer:dev-1")
                .containsEntry("fromState", "DELETION_REQUESTED").containsEntry("toState", "DELETION_REQUESTED");
        assertThat(event.get("data")).isEqualTo(Map.of("round", 1, "from", "one@example.com", "name", "Grace Hopper",
                "email", "grace@developer.example", "reason", "She signs for our legal entity"));

        sender.sendDue();
        MimeMessage notice = mail(one.caseId(), "DELEGATION_NOTICE");
        assertThat(to(notice)).containsExactly("grace@developer.example");
        assertThat(SmtpServer.text(notice)).startsWith("Dear Grace Hopper,").contains("one@example.com has handed you")
                .contains("She signs for our legal entity");
        MimeMessage confirmation = mail(one.caseId(), "DELEGATION_CONFIRMATION");
        assertThat(to(confirmation)).containsExactly("one@example.com");
        assertThat(confirmation.getSubject()).contains("Grace Hopper");
        assertThat(SmtpServer.text(confirmation)).contains("grace@developer.example").doesNotContain("/attest/");
        String delegateToken = PortalFixture.tokenFrom(one.caseId(), "DELEGATION_NOTICE");
        assertThat(delegateToken).isNotEqualTo(one.token());

        // The contact's link shows the case and whom it went to, and answers nothing.
        developer(one.token()).get("/api/v1/portal/case").then().statusCode(200)
                .body("delegatedTo", equalTo("Grace Hopper <grace@developer.example>"))
                .body("acceptsAttestation", equalTo(false)).body("delegate", equalTo(false));
        developer(one.token()).contentType(ContentType.JSON).body(PortalFixture.signed(one.token(), validAttestation()))
                .post("/api/v1/portal/attestation").then().statusCode(403).body("type", containsString("delegated"))
                .body("detail", containsString("Grace Hopper"));
        PortalFixture.askForCode(one.token(), "dpo@developer.example").then().statusCode(403);
        developer(one.token()).contentType("application/pdf").header("X-Filename", "proof.pdf")
                .body("%PDF-1.4\n%%EOF\n".getBytes()).post("/api/v1/portal/evidence").then().statusCode(403);
        delegate(one.token(), Map.of("name", "Someone Else", "email", "else@developer.example", "reason", "x"))
                .then().statusCode(403);
        // The delegate cannot hand it on again.
        delegate(delegateToken, Map.of("name", "Someone Else", "email", "else@developer.example", "reason", "x"))
                .then().statusCode(409).body("detail", containsString("cannot be handed on again"));

        // A new deadline gives the contacts a fresh link: still read-only; the delegate's keeps working.
        manager().contentType(ContentType.JSON).body(Map.of("extension", "P7D", "reason", "more time"))
                .post("/api/v1/cases/{id}/actions/extend", one.caseId()).then().statusCode(200);
        sender.sendDue();
        String extended = PortalFixture.tokenFrom(one.caseId(), "DELETION_REQUEST");
        assertThat(extended).isNotEqualTo(one.token());
        developer(extended).get("/api/v1/portal/case").then().statusCode(200)
                .body("delegatedTo", equalTo("Grace Hopper <grace@developer.example>"));
        developer(delegateToken).get("/api/v1/portal/case").then().statusCode(200)
                .body("delegate", equalTo(true)).body("acceptsAttestation", equalTo(true))
                .body("delegatedTo", equalTo(null));

        PortalFixture.submit(delegateToken, validAttestation()).then().statusCode(201);
        manager().get("/api/v1/cases/{id}", one.caseId()).then().body("state", equalTo("ATTESTED"));
    }

    @Test
    void a_delegation_that_is_not_complete_or_names_the_contacts_own_address_changes_nothing() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "delegation refused");
        long history = events(one.caseId());
        delegate(one.token(), Map.of("name", " ", "email", "not-an-address", "reason", "")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("name", "reason", "email")));
        delegate(one.token(), Map.of("name", "Dev One", "email", "ONE@example.com", "reason", "me")).then()
                .statusCode(400).body("violations[0].field", equalTo("email"))
                .body("violations[0].message", containsString("already goes to"));
        delegate(one.token(), Map.of("name", "Grace", "email", "g@example.com", "reason", "x", "extra", 1)).then()
                .statusCode(400);
        given().header("Authorization", "Bearer " + "A".repeat(43)).contentType(ContentType.JSON).body(GRACE)
                .post("/api/v1/portal/delegate").then().statusCode(401);
        given().header("Authorization", "Bearer " + one.token()).contentType(ContentType.TEXT).body("name=x")
                .post("/api/v1/portal/delegate").then().statusCode(415);
        assertThat(events(one.caseId())).isEqualTo(history);
        developer(one.token()).get("/api/v1/portal/case").then().body("delegatedTo", equalTo(null))
                .body("acceptsAttestation", equalTo(true));
    }

    @Test
    void the_page_hands_the_request_over_with_a_plain_form() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "delegated on the page");
        String page = given().get("/attest/{token}", one.token()).then().statusCode(200).extract().asString();
        assertThat(page).contains("action=\"/attest/" + one.token() + "/delegate\"");

        Response refused = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("name", "Grace Hopper").formParam("email", "grace at developer").formParam("reason", "Signs")
                .post("/attest/{token}/delegate", one.token());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.asString()).contains("delegate-email-error").contains("value=\"Grace Hopper\"")
                .contains("aria-invalid=\"true\"");

        Response done = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("name", "Grace Hopper").formParam("email", "grace@developer.example")
                .formParam("reason", "Signs for us").post("/attest/{token}/delegate", one.token());
        assertThat(done.statusCode()).isEqualTo(303);
        String after = given().get("/attest/{token}", one.token()).then().statusCode(200).extract().asString();
        assertThat(after).contains("id=\"delegated\"").contains("Grace Hopper &lt;grace@developer.example&gt;")
                .doesNotContain("submit-attestation").doesNotContain("/delegate\"")
                .doesNotContain("No attestation is needed now");
    }
}
