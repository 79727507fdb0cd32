package org.datarecall.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.launched;
import static org.datarecall.portal.PortalFixture.tokenFrom;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.Map;

import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** The page behind the link, as plain HTTP: form, field errors with the values kept, receipt. */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class PortalPageTest extends WorkflowTest {

    @BeforeEach
    void start() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
    }

    @Test
    void the_form_shows_mistakes_in_place_and_then_the_receipt() throws Exception {
        String campaign = launched(sweep, sender, "page flow", Map.of("audit", Map.of("mode", "NONE")),
                "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        String token = tokenFrom(caseId, "DELETION_REQUEST");

        String page = given().get("/attest/{token}", token).then().statusCode(200).contentType(ContentType.HTML)
                .extract().asString();
        assertThat(page).contains("page flow").contains("Wednesday 1 July 2026, 09:00 UTC").contains("30 days left")
                .contains("group member names").contains("profile pictures").contains("Submit attestation")
                .contains("name=\"viewport\"").doesNotContain("<script");

        // Mistakes: shown next to their fields, with what was typed kept.
        Response wrong = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("kind", "DELETED").formParam("signatoryName", "Grace \"Hopper\"")
                .formParam("dataCategories", "group member names").formParam("deletedAt", "2030-01-01T00:00")
                .formParam("systems", "CRM\nBackups").post("/attest/{token}", token);
        wrong.then().statusCode(400).contentType(ContentType.HTML);
        String errors = wrong.asString();
        assertThat(errors).contains("id=\"deletedAt-error\"").contains("must not be in the future")
                .contains("id=\"dataCategories-error\"").contains("missing: profile pictures")
                .contains("id=\"method-error\"").contains("id=\"agreed-error\"").contains("id=\"signatoryTitle-error\"")
                .contains("value=\"Grace &quot;Hopper&quot;\"").contains("CRM\nBackups")
                .contains("value=\"2030-01-01T00:00\"").contains("Please correct the fields marked below.");
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));

        // Right: post, redirect, and the same page shows the receipt.
        String code = (String) PortalFixture.signed(token, Map.of("signatoryEmail", "grace@developer.example"))
                .get("signatoryCode");
        Response right = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("signatoryCode", code).formParam("authority", "CTO, signs for the company")
                .formParam("kind", "DELETED").formParam("signatoryName", "Grace Hopper")
                .formParam("signatoryTitle", "CTO").formParam("signatoryEmail", "grace@developer.example")
                .formParam("dataCategories", "group member names", "profile pictures")
                .formParam("deletedAt", "2026-05-30T12:00").formParam("method", "CLEAR")
                .formParam("systems", "CRM\n\nBackups\n").formParam("backupsCovered", "yes")
                .formParam("sharedWithThirdParties", "no").formParam("agreed", "yes").post("/attest/{token}", token);
        right.then().statusCode(303);
        assertThat(right.header("Location")).endsWith("/attest/" + token);
        String sha = manager().get("/api/v1/cases/{id}/attestations", caseId).then()
                .body("items[0].attestation.systems", equalTo(java.util.List.of("CRM", "Backups")))
                .body("items[0].attestation.deletedAt", equalTo("2026-05-30T12:00:00Z"))
                .extract().path("items[0].sha256");
        String receipt = given().get("/attest/{token}", token).then().statusCode(200).extract().asString();
        assertThat(receipt).contains("Attestation received").contains(sha).doesNotContain("Submit attestation");

        // A second post: the page says why, nothing changes.
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("kind", "DELETED")
                .post("/attest/{token}", token).then().statusCode(409).contentType(ContentType.HTML);
    }

    @Test
    void typed_markup_comes_back_escaped_in_every_field() throws Exception {
        String campaign = launched(sweep, sender, "page markup", Map.of("audit", Map.of("mode", "NONE")),
                "dev-1,Dev One,one@example.com,,,");
        String token = tokenFrom(caseOf(campaign, "dev-1"), "DELETION_REQUEST");
        String evil = "</textarea><script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        String page = given().contentType(ContentType.URLENC).formParam("kind", evil)
                .formParam("signatoryName", evil).formParam("signatoryTitle", evil).formParam("signatoryEmail", evil)
                .formParam("dataCategories", evil).formParam("deletedAt", evil).formParam("method", evil)
                .formParam("systems", evil).formParam("backupsCovered", evil).formParam("sharedWithThirdParties", evil)
                .formParam("thirdParties", evil).formParam("retained", evil).formParam("verification", evil)
                .formParam("statement", evil).formParam("agreed", evil).post("/attest/{token}", token).then()
                .statusCode(400).extract().asString();
        assertThat(page).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                .contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void a_link_that_does_not_work_gets_a_page_not_a_stack_trace() {
        String page = given().get("/attest/{token}", "C".repeat(43)).then().statusCode(401)
                .contentType(ContentType.HTML).extract().asString();
        assertThat(page).contains("This link does not work").doesNotContain("Exception");
        given().contentType(ContentType.URLENC).formParam("kind", "DELETED").post("/attest/{token}", "short")
                .then().statusCode(401).contentType(ContentType.HTML);
    }
}
