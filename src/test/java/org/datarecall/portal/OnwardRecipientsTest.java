package org.datarecall.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WithBounceMailbox;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;

/**
 * Third parties the developer passed the data on to, named with an address, become sub-cases asked to
 * attest like any case; the developer's case waits for them, and one that escalates is a finding on it.
 */
@QuarkusTest
@TestProfile(WithBounceMailbox.class)
class OnwardRecipientsTest extends WorkflowTest {

    static final String ANALYTICS = "privacy@analytics.example";

    @BeforeEach
    void start() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
    }

    /** dev-1 attests that it shared the data with an analytics firm (with an address) and a print shop (without). */
    private PortalFixture.OneCase attestedWithThirdParties(String title) throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, title);
        Map<String, Object> a = new HashMap<>(validAttestation());
        a.put("sharedWithThirdParties", true);
        a.put("thirdParties", List.of(Map.of("name", "Analytics Ltd", "email", ANALYTICS), "Print Shop",
                Map.of("name", "Analytics Ltd (again)", "email", "PRIVACY@analytics.example")));
        PortalFixture.submit(one.token(), a).then().statusCode(201);
        return one;
    }

    private static Map<String, Object> subCase(String campaign) {
        return JsonPath.from(manager().get("/api/v1/campaigns/{id}/cases?limit=100", campaign).asString())
                .getMap("items.find { it.parentCaseId != null }");
    }

    private static String state(String caseId) {
        return manager().get("/api/v1/cases/{id}", caseId).then().extract().path("state");
    }

    @Test
    void a_third_party_with_an_address_is_asked_in_turn_and_the_developer_waits_for_it() throws Exception {
        PortalFixture.OneCase one = attestedWithThirdParties("passed on");
        // The attestation keeps what was said, language-free: a name, or a name with its address.
        Object parties = JsonPath.from(manager().get("/api/v1/cases/{id}/attestations", one.caseId()).asString())
                .get("items[0].attestation.thirdParties");
        assertThat(parties).isEqualTo(List.of(Map.of("name", "Analytics Ltd", "email", ANALYTICS), "Print Shop"));

        Map<String, Object> sub = subCase(one.campaign());
        assertThat(sub).containsEntry("parentCaseId", one.caseId()).containsEntry("state", "PENDING");
        assertThat((Map<String, Object>) sub.get("developer")).containsEntry("name", "Analytics Ltd")
                .containsEntry("email", ANALYTICS).containsEntry("developerId", "dev-1/onward/" + ANALYTICS);
        String subId = (String) sub.get("id");
        Map<String, Object> opened = JsonPath.from(manager().get("/api/v1/cases/{id}/events", subId).asString())
                .getMap("items[0].data");
        assertThat(opened).containsEntry("parentCaseId", one.caseId());
        // The address given twice named one party; the one without an address gets no case.
        assertThat(JsonPath.from(manager().get("/api/v1/campaigns/{id}/cases?limit=100", one.campaign()).asString())
                .getList("items")).hasSize(2);

        sweep.runOnce();
        sender.sendDue();
        assertThat(state(subId)).isEqualTo("DELETION_REQUESTED");
        assertThat(state(one.caseId())).isEqualTo("ATTESTED");
        MimeMessage notice = SmtpServer.receivedFor(subId).stream()
                .filter(m -> "REVOCATION_NOTICE".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).findFirst()
                .orElseThrow();
        assertThat(SmtpServer.text(notice)).contains("Dear Analytics Ltd,").contains("Dev One told us that it passed");

        // The third party attests; once its case is verified, the developer's is routed too.
        PortalFixture.submit(PortalFixture.tokenFrom(subId, "DELETION_REQUEST"), validAttestation()).then()
                .statusCode(201);
        sweep.runOnce();
        sweep.runOnce();
        assertThat(state(subId)).isEqualTo("VERIFIED");
        assertThat(state(one.caseId())).isEqualTo("VERIFIED");
        manager().get("/api/v1/cases/{id}", one.caseId()).then().body("findings", equalTo(List.of()));

        // The case page shows the tree both ways.
        org.datarecall.testing.StaffSession staff = org.datarecall.testing.StaffSession.signIn("manager");
        String parentPage = staff.page("/dashboard/cases/" + one.caseId());
        assertThat(parentPage).contains("id=\"sub-cases\"").contains("Analytics Ltd").contains(subId);
        String subPage = staff.page("/dashboard/cases/" + subId);
        assertThat(subPage).contains("id=\"parent-case\"").contains(one.caseId());
    }

    @Test
    void a_third_party_that_escalates_is_a_finding_that_sends_the_developer_to_an_audit() throws Exception {
        PortalFixture.OneCase one = attestedWithThirdParties("passed on and silent");
        String subId = (String) subCase(one.campaign()).get("id");
        sweep.runOnce();
        assertThat(state(subId)).isEqualTo("DELETION_REQUESTED");

        clock.advance(Duration.ofDays(90));
        sweep.runOnce();
        assertThat(state(subId)).isEqualTo("ESCALATED");
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", one.caseId()).then().body("state", equalTo("AUDIT_PENDING"))
                .body("findings", equalTo(List.of("ONWARD_UNRESOLVED")));
        JsonPath events = JsonPath.from(manager().get("/api/v1/cases/{id}/events", one.caseId()).asString());
        Map<String, Object> finding = events.getMap("items.find { it.type == 'FINDING' }.data");
        assertThat(finding).containsEntry("kind", "ONWARD_UNRESOLVED");
        assertThat((List<Map<String, Object>>) finding.get("subCases")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("caseId", subId).containsEntry("state", "ESCALATED"));
        assertThat(events.getString("items.find { it.type == 'AUDIT_REQUESTED' }.data.selectionRule"))
                .contains("ONWARD_UNRESOLVED");
        manager().get("/api/v1/campaigns/{id}/summary", one.campaign()).then()
                .body("findings.ONWARD_UNRESOLVED", equalTo(1));
        String findings = org.datarecall.testing.StaffSession.signIn("viewer")
                .page("/dashboard/campaigns/" + one.campaign() + "/findings?kind=ONWARD_UNRESOLVED");
        assertThat(findings).contains("ONWARD_UNRESOLVED").contains("passed on to:")
                .contains("/dashboard/cases/" + subId).contains("Analytics Ltd").contains("(ESCALATED)");
    }

    @Test
    void a_third_party_entry_that_is_not_a_name_or_name_and_address_changes_nothing() throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, "passed on badly");
        Map<String, Object> a = new HashMap<>(validAttestation());
        a.put("sharedWithThirdParties", true);
        a.put("thirdParties", List.of(Map.of("name", "Analytics Ltd", "email", "not an address"),
                Map.of("email", "x@example.com"), Map.of("name", "X", "phone", "123"), 42));
        PortalFixture.submit(one.token(), a).then().statusCode(400)
                .body("violations.field", equalTo(List.of("thirdParties[0].email", "thirdParties[1].name",
                        "thirdParties[2]", "thirdParties[3]")))
                .body("violations[0].message", containsString("email address"));
        assertThat(state(one.caseId())).isEqualTo("DELETION_REQUESTED");
        assertThat(JsonPath.from(manager().get("/api/v1/campaigns/{id}/cases", one.campaign()).asString())
                .getList("items")).hasSize(1);
    }
}
