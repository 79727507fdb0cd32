package org.datarecall.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** The staff pages over HTTP: sign-in, what each role sees, CSRF, stale forms. */
@QuarkusTest
class DashboardTest extends ClockedTest {

    @Inject
    Cases cases;

    /** Signs in through the form and answers the session cookie. */
    static String signIn(String user) {
        Response r = org.datarecall.testing.StaffSession.signInForm().formParam("j_username", user)
                .formParam("j_password", user).post("/j_security_check");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.header("Location")).endsWith("/dashboard");
        return r.cookie("datarecall-session");
    }

    record Page(String html, String csrf) {
    }

    static Page open(String session, String path) {
        Response r = given().urlEncodingEnabled(false).redirects().follow(false).cookie("datarecall-session", session)
                .get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.header("Set-Cookie")).contains("SameSite=Strict");
        return new Page(r.asString(), r.cookie("datarecall-csrf"));
    }

    /** The page a form's redirect leads to, as the browser opens it: with the message the redirect left. */
    static String told(String session, String csrf, Response redirect) {
        assertThat(redirect.statusCode()).isEqualTo(303);
        String location = redirect.header("Location").replaceFirst("^https?://[^/]+", "");
        assertThat(location).doesNotContain("done=").doesNotContain("refused=");
        var request = given().urlEncodingEnabled(false).redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", csrf);
        String flash = redirect.cookie("datarecall-flash");
        if (flash != null) {
            request.cookie("datarecall-flash", flash);
        }
        Response page = request.get(location);
        assertThat(page.statusCode()).isEqualTo(200);
        return page.asString();
    }

    private String requestedCase(String title) {
        String campaign = createCampaign(title);
        importCsv(campaign, "dev-1,Dev <b>One</b>,one@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        String caseId = caseOf(campaign, "dev-1");
        cases.toDeletionRequested(caseId);
        return caseId;
    }

    /** A sign-in form from another site (no token, or a token that is not this browser's) signs nobody in. */
    @Test
    void a_forged_sign_in_is_refused_before_the_password_is_checked() {
        Response bare = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("j_username", "manager").formParam("j_password", "manager").post("/j_security_check");
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.cookie("datarecall-session")).isNull();
        Response mismatched = given().redirects().follow(false).contentType(ContentType.URLENC)
                .cookie("datarecall-csrf", "A".repeat(43)).queryParam("csrf", "B".repeat(43))
                .formParam("j_username", "manager").formParam("j_password", "manager").post("/j_security_check");
        assertThat(mismatched.statusCode()).isEqualTo(403);
        assertThat(mismatched.cookie("datarecall-session")).isNull();
        Response signedIn = org.datarecall.testing.StaffSession.signInForm().formParam("j_username", "manager")
                .formParam("j_password", "manager").post("/j_security_check");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.cookie("datarecall-session")).isNotBlank();
    }

    @Test
    void without_a_session_the_pages_send_you_to_sign_in() {
        given().redirects().follow(false).get("/dashboard").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/login"));
        given().get("/login").then().statusCode(200).contentType(ContentType.HTML);
        Response wrong = org.datarecall.testing.StaffSession.signInForm()
                .formParam("j_username", "manager").formParam("j_password", "nope").post("/j_security_check");
        assertThat(wrong.statusCode()).as("failed sign-in: %s %s", wrong.statusCode(), wrong.headers()).isIn(302, 303);
        assertThat(wrong.header("Location")).contains("/login?failed=true");
        // The API is unchanged: Basic, and 401 problems.
        given().get("/api/v1/campaigns").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void a_manager_acts_on_a_case_and_the_timeline_shows_it() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String caseId = requestedCase("dashboard manager");
        String session = signIn("manager");
        Page overview = open(session, "/dashboard");
        assertThat(overview.html()).contains("dashboard manager").contains("deletion requested");

        Page page = open(session, "/dashboard/cases/" + caseId);
        assertThat(page.html()).contains("Dev &lt;b&gt;One&lt;/b&gt;").doesNotContain("Dev <b>One</b>")
                .contains("action-escalate").contains("action-extend").contains("action-withdraw")
                .doesNotContain("action-record-audit");
        Response r = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .formParam("version", version(page.html())).formParam("reason", "Silent for a month")
                .post("/dashboard/cases/{id}/actions/escalate", caseId);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ESCALATED"));
        manager().get("/api/v1/cases/{id}/events", caseId).then().body("items[-1].actor", equalTo("manager"));
        assertThat(told(session, page.csrf(), r)).contains("ESCALATED").contains("Silent for a month")
                .contains("escalate done");
        // The message went with the redirect, once: not in the URL, and not shown again.
        assertThat(open(session, "/dashboard/cases/" + caseId).html()).doesNotContain("escalate done");
        // A link from elsewhere cannot put words on the page as if the system said them.
        assertThat(open(session, "/dashboard/cases/" + caseId + "?done=Call%20the%20helpdesk%20at%20555"
                + "&refused=Call%20the%20helpdesk").html()).doesNotContain("Call the helpdesk");
        // Nor can a message cookie that this browser's pages did not write.
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("RCall the helpdesk".getBytes()) + ".bm90LWEtbWFj";
        assertThat(given().cookie("datarecall-session", session).cookie("datarecall-csrf", page.csrf())
                .cookie("datarecall-flash", forged).get("/dashboard/cases/{id}", caseId).asString())
                .doesNotContain("Call the helpdesk");

        // A stale form: the case moved on; nothing changes, and the page says why.
        Response stale = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .formParam("version", version(page.html())).formParam("reason", "again").formParam("confirm", "yes")
                .post("/dashboard/cases/{id}/actions/withdraw", caseId);
        assertThat(told(session, page.csrf(), stale)).contains("withdraw was not done");
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("ESCALATED"));
    }

    @Test
    void withdrawing_or_enforcing_from_the_page_asks_for_a_tick_first() {
        String caseId = requestedCase("dashboard confirm withdraw");
        String session = signIn("manager");
        Page page = open(session, "/dashboard/cases/" + caseId);
        assertThat(page.html()).contains("name=\"confirm\" value=\"yes\" required");

        Response unticked = act(session, page, caseId, "withdraw", java.util.Map.of("reason", "sent in error"));
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(unticked.asString()).contains("id=\"withdraw-confirm-error\"").contains("cannot be undone")
                .contains("sent in error");
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));

        Response ticked = act(session, page, caseId, "withdraw", java.util.Map.of("reason", "sent in error",
                "confirm", "yes"));
        assertThat(ticked.statusCode()).isEqualTo(303);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("WITHDRAWN"));
    }

    @Test
    void a_manager_gives_a_developer_new_addresses_from_the_case_page() {
        String caseId = requestedCase("dashboard new address");
        String session = signIn("manager");
        Page page = open(session, "/dashboard/cases/" + caseId);
        assertThat(page.html()).contains("action-update-contact").contains("value=\"one@example.com\"");

        // A bad address: the page again, the field marked, nothing changed.
        Response bad = act(session, page, caseId, "update-contact",
                java.util.Map.of("email", "nobody at example.com", "ccEmails", "", "reason", "New mailbox"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.asString()).contains("update-contact-email-error").contains("not a valid email address")
                .contains("value=\"nobody at example.com\"");
        manager().get("/api/v1/cases/{id}", caseId).then().body("developer.email", equalTo("one@example.com"));

        Response done = act(session, page, caseId, "update-contact", java.util.Map.of("email", "new@example.com",
                "ccEmails", "dpo@example.com; legal@example.com", "reason", "New mailbox"));
        assertThat(done.statusCode()).isEqualTo(303);
        manager().get("/api/v1/cases/{id}", caseId).then().body("developer.email", equalTo("new@example.com"))
                .body("developer.ccEmails", equalTo(java.util.List.of("dpo@example.com", "legal@example.com")));
        assertThat(open(session, "/dashboard/cases/" + caseId).html()).contains("CONTACT_UPDATED")
                .contains("value=\"dpo@example.com, legal@example.com\"");
    }

    @Test
    void forged_and_missing_csrf_tokens_change_nothing() {
        String caseId = requestedCase("dashboard csrf");
        String session = signIn("manager");
        Page page = open(session, "/dashboard/cases/" + caseId);
        // No token, a wrong token, and a token without its cookie (what a cross-site form would send).
        given().cookie("datarecall-session", session).contentType(ContentType.URLENC).formParam("reason", "x")
                .post("/dashboard/cases/{id}/actions/escalate", caseId).then().statusCode(403);
        given().cookie("datarecall-session", session).cookie("datarecall-csrf", page.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", "A".repeat(43)).formParam("reason", "x")
                .post("/dashboard/cases/{id}/actions/escalate", caseId).then().statusCode(403);
        given().cookie("datarecall-session", session).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .formParam("reason", "x").post("/dashboard/cases/{id}/actions/escalate", caseId).then()
                .statusCode(403);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));
    }

    /** Outside dev mode there is no sample campaign: neither the offer nor the form's address. */
    @Test
    void the_sample_campaign_is_not_offered_outside_dev_mode() {
        String session = signIn("manager");
        Page overview = open(session, "/dashboard");
        assertThat(overview.html()).doesNotContain("id=\"sample-campaign\"");
        given().redirects().follow(false).cookie("datarecall-session", session).cookie("datarecall-csrf", overview.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", overview.csrf()).post("/dashboard/sample-campaign")
                .then().statusCode(404);
    }

    @Test
    void a_viewer_sees_no_controls_and_a_forged_post_is_refused() {
        String caseId = requestedCase("dashboard viewer");
        String session = signIn("viewer");
        Page page = open(session, "/dashboard/cases/" + caseId);
        assertThat(page.html()).doesNotContain("action-").contains("No action is open to you");
        given().cookie("datarecall-session", session).cookie("datarecall-csrf", page.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", page.csrf()).formParam("reason", "x")
                .post("/dashboard/cases/{id}/actions/escalate", caseId).then().statusCode(403);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));

        String auditor = signIn("auditor");
        cases.toAuditPendingFromRequested(caseId);
        assertThat(open(auditor, "/dashboard/cases/" + caseId).html()).contains("action-record-audit")
                .doesNotContain("action-withdraw").doesNotContain("action-reject-attestation");
    }

    @Test
    void the_campaign_page_filters_and_searches() {
        String campaign = createCampaign("dashboard search");
        importCsv(campaign, "alpha,Alpha Apps,alpha@example.com,,,", "beta,Beta Labs,beta@example.com,,,");
        String session = signIn("viewer");
        String html = open(session, "/dashboard/campaigns/" + campaign + "?q=beta").html();
        assertThat(html).contains("Beta Labs").doesNotContain("Alpha Apps");
        assertThat(open(session, "/dashboard/campaigns/" + campaign + "?state=PENDING").html()).contains("Alpha Apps")
                .contains("Beta Labs");
        assertThat(open(session, "/dashboard/campaigns/" + campaign + "?state=VERIFIED").html())
                .contains("No case matches");
        // Ids that name nothing: 404, never an error page.
        given().cookie("datarecall-session", session).get("/dashboard/campaigns/not-a-uuid").then().statusCode(404);
        given().cookie("datarecall-session", session).get("/dashboard/cases/not-a-uuid").then().statusCode(404);
        given().cookie("datarecall-session", session).get("/dashboard/campaigns/{id}", java.util.UUID.randomUUID())
                .then().statusCode(404);
    }

    /** Posts a case page's action form, as the page would, with its fields. */
    private static Response act(String session, Page page, String caseId, String action,
            java.util.Map<String, String> fields) {
        return given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .formParam("version", version(page.html())).formParams(fields)
                .post("/dashboard/cases/{id}/actions/{action}", caseId, action);
    }

    private static String version(String html) {
        Matcher m = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void a_manager_creates_uploads_and_launches_from_the_pages() throws Exception {
        String session = signIn("manager");
        Page form = open(session, "/dashboard/campaigns/new");
        assertThat(form.html()).contains("name=\"title\"").contains("name=\"dataCategories\"");
        // Mistakes come back next to their fields, with what was typed.
        Response wrong = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", form.csrf()).contentType(ContentType.URLENC).formParam("csrf", form.csrf())
                .formParam("title", "Pages <campaign>").formParam("dataCategories", "")
                .formParam("attestationWindowDays", "thirty").formParam("sampleRate", "2")
                .post("/dashboard/campaigns");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.asString()).contains("id=\"dataCategories-error\"").contains("id=\"attestationWindow-error\"")
                .contains("aria-describedby=\"attestationWindow-error\"").contains("id=\"sampleRate-error\"")
                .contains("value=\"Pages &lt;campaign&gt;\"");
        // Durations are typed as days and hours, reminders as days from the deadline.
        assertThat(form.html()).contains("name=\"attestationWindowDays\"").contains("name=\"escalateAfterHours\"")
                .contains("placeholder=\"-7, -1, 3\"");

        Response created = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", form.csrf()).contentType(ContentType.URLENC).formParam("csrf", form.csrf())
                .formParam("title", "Pages campaign").formParam("dataCategories", "member names\nphotos")
                .formParam("exposureStart", "2025-01-01T00:00").formParam("attestationWindowDays", "21")
                .formParam("escalateAfterDays", "3").formParam("escalateAfterHours", "12")
                .formParam("reminderOffsets", "-7, 2").formParam("auditMode", "ALL").post("/dashboard/campaigns");
        assertThat(created.statusCode()).isEqualTo(303);
        String campaignPath = created.header("Location").replaceFirst("^https?://[^/]+", "").replaceFirst("\\?.*", "");
        String campaign = campaignPath.substring(campaignPath.lastIndexOf('/') + 1);
        manager().get("/api/v1/campaigns/{id}", campaign).then().body("status", equalTo("DRAFT"))
                .body("policy.attestationWindow", equalTo("P21D")).body("policy.audit.mode", equalTo("ALL"))
                .body("policy.escalateAfter", equalTo("P3DT12H"))
                .body("policy.reminderOffsets", org.hamcrest.Matchers.contains("-P7D", "P2D"))
                .body("createdBy", equalTo("manager"));

        Page page = open(session, campaignPath);
        assertThat(page.html()).contains("<td>21 days</td>").contains("<td>3 days 12 hours</td>")
                .contains("7 days before, 2 days");
        // A bad file: every wrong row listed, nothing stored.
        // A file posted by another site: the browser's cookie rides along, the form's token cannot.
        Response forged = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf())
                .multiPart("file", "developers.csv", "developerId,name,email,ccEmails,appIds,lastAccessAt\nx-1,X,x@example.com,,,\n"
                        .getBytes(), "text/csv").post("/dashboard/campaigns/{id}/developers", campaign);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.asString()).contains("Form expired");
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("total", equalTo(0));
        Response rejected = upload(session, page.csrf(), campaign,
                "developerId,name,email,ccEmails,appIds,lastAccessAt\nd-1,One,one@example.com,,,\nd-2,Two,not-an-address,,,\n");
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.asString()).contains("Nothing was imported").contains("Rows at fault").contains("email");
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("total", equalTo(0));
        // The rows at fault download as a CSV file, posted back from the page as it lists them.
        assertThat(rejected.asString()).contains("id=\"rejected-rows\"").contains("name=\"row\" value=\"3\"");
        String rows = given().cookie("datarecall-session", session).cookie("datarecall-csrf", page.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", page.csrf()).formParam("row", "3")
                .formParam("column", "email").formParam("message", "=must be an address, not 'x'")
                .post("/dashboard/downloads/rejected-rows.csv").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("rejected-rows.csv"))
                .extract().asString();
        assertThat(rows).isEqualTo("\uFEFFrow,column,problem\r\n3,email,'=must be an address, not 'x'\r\n"
                .replace("'=must be an address, not 'x'", "\"'=must be an address, not 'x'\""));
        given().cookie("datarecall-session", session).cookie("datarecall-csrf", page.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", page.csrf()).formParam("row", "3")
                .post("/dashboard/downloads/rejected-rows.csv").then().statusCode(400);
        assertThat(given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("row", "3")
                .formParam("column", "email").formParam("message", "x")
                .post("/dashboard/downloads/rejected-rows.csv").statusCode()).as("without the form's token").isEqualTo(403);
        Response accepted = upload(session, page.csrf(), campaign,
                "developerId,name,email,ccEmails,appIds,lastAccessAt\nd-1,One,one@example.com,,,\nd-2,Two,two@example.com,,,\n");
        assertThat(told(session, page.csrf(), accepted)).contains("Imported");
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("total", equalTo(2));

        // Launch needs the tick.
        assertThat(told(session, page.csrf(), given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .post("/dashboard/campaigns/{id}/launch", campaign))).contains("Tick the box to confirm launch");
        manager().get("/api/v1/campaigns/{id}", campaign).then().body("status", equalTo("DRAFT"));
        assertThat(told(session, page.csrf(), given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .formParam("confirm", "yes").post("/dashboard/campaigns/{id}/launch", campaign))).contains("Launched");
        manager().get("/api/v1/campaigns/{id}", campaign).then().body("status", equalTo("ACTIVE"));
        // Closing with open cases is refused on the page.
        assertThat(told(session, page.csrf(), given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .formParam("confirm", "yes").post("/dashboard/campaigns/{id}/close", campaign))).contains("Not done");

        // Viewers and auditors get neither the forms nor the endpoints.
        String viewer = signIn("viewer");
        Page seen = open(viewer, campaignPath);
        assertThat(seen.html()).doesNotContain("id=\"upload\"").doesNotContain("id=\"close\"");
        given().redirects().follow(false).cookie("datarecall-session", viewer).cookie("datarecall-csrf", seen.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", seen.csrf()).formParam("confirm", "yes")
                .post("/dashboard/campaigns/{id}/close", campaign).then().statusCode(403);
        String history = open(session, campaignPath + "?integrity=check").html();
        assertThat(history).contains("History verified");
        // The export link works with the page's session; the API does not take that cookie, whatever the path.
        assertThat(history).contains("/dashboard/downloads/campaigns/" + campaign + "/report.csv");
        byte[] report = given().cookie("datarecall-session", session)
                .get("/dashboard/downloads/campaigns/{id}/report.csv", campaign).then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("report.csv"))
                .body(org.hamcrest.Matchers.containsString("d-2")).extract().asByteArray();
        assertThat(java.util.Arrays.copyOf(report, 3)).as("a byte order mark for spreadsheet programs")
                .isEqualTo(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
        assertThat(manager().accept("text/csv").get("/api/v1/campaigns/{id}/report.csv", campaign).then()
                .statusCode(200).extract().asByteArray()[0]).as("the API's file stays plain").isNotEqualTo((byte) 0xEF);
        given().cookie("datarecall-session", session).get("/api/v1/campaigns/{id}/report.csv", campaign).then()
                .statusCode(401);
        given().cookie("other", "x").cookie("datarecall-session", session).get("/api/v1/campaigns").then()
                .statusCode(401);
        given().cookie("datarecall-session", session).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/campaigns/{id}/close", campaign).then().statusCode(401);
        manager().get("/api/v1/campaigns/{id}", campaign).then().body("status", equalTo("ACTIVE"));
        // Downloads are for staff: a viewer may, no one signed out may.
        given().cookie("datarecall-session", viewer).get("/dashboard/downloads/campaigns/{id}/report.csv", campaign)
                .then().statusCode(200);
        given().redirects().follow(false).get("/dashboard/downloads/campaigns/{id}/report.csv", campaign).then()
                .statusCode(org.hamcrest.Matchers.not(200));
        // The upload form links the template it describes.
        assertThat(open(session, campaignPath).html()).contains("/dashboard/downloads/developers-template.csv");
        given().cookie("datarecall-session", session).get("/dashboard/downloads/developers-template.csv").then()
                .statusCode(200).body(org.hamcrest.Matchers.startsWith("\uFEFFdeveloperId,name,email,"));
    }

    @Test
    void a_manager_makes_a_follow_up_draft_from_the_campaign_page() {
        String caseId = requestedCase("dashboard follow-up");
        String campaign = manager().get("/api/v1/cases/{id}", caseId).then().extract().path("campaignId");
        String session = signIn("manager");
        Page page = open(session, "/dashboard/campaigns/" + campaign);
        assertThat(page.html()).contains("id=\"follow-up\"");

        Response made = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .formParam("title", "dashboard follow-up, again").formParam("state", "DELETION_REQUESTED")
                .formParam("riskTier", "").post("/dashboard/campaigns/{id}/follow-up", campaign);
        String followUpPage = told(session, page.csrf(), made);
        assertThat(followUpPage).contains("dashboard follow-up, again").contains("Follow-up created as a DRAFT")
                .contains("DRAFT");
        String followUp = made.header("Location").replaceFirst(".*/dashboard/campaigns/", "");
        manager().get("/api/v1/campaigns/{id}/summary", followUp).then().body("total", equalTo(1));

        // Nobody in that state: said on the page, and no campaign made.
        Response none = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .formParam("state", "VERIFIED").post("/dashboard/campaigns/{id}/follow-up", campaign);
        assertThat(none.header("Location")).contains("/dashboard/campaigns/" + campaign);
        assertThat(told(session, page.csrf(), none)).contains("No follow-up: no case of campaign");

        // A viewer sees no form and may not post one.
        String viewer = signIn("viewer");
        Page seen = open(viewer, "/dashboard/campaigns/" + campaign);
        assertThat(seen.html()).doesNotContain("id=\"follow-up\"");
        given().redirects().follow(false).cookie("datarecall-session", viewer).cookie("datarecall-csrf", seen.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", seen.csrf())
                .post("/dashboard/campaigns/{id}/follow-up", campaign).then().statusCode(403);
    }

    @Test
    void a_manager_signs_a_checkpoint_from_the_campaign_page_and_the_integrity_line_names_it() {
        String caseId = requestedCase("dashboard checkpoint");
        String campaign = manager().get("/api/v1/cases/{id}", caseId).then().extract().path("campaignId");
        String campaignPath = "/dashboard/campaigns/" + campaign;
        String session = signIn("manager");
        Page page = open(session, campaignPath);
        assertThat(page.html()).contains("id=\"checkpoint\"");
        assertThat(open(session, campaignPath + "?integrity=check").html()).contains("no signed checkpoint yet");

        given().redirects().follow(false).cookie("datarecall-session", session).cookie("datarecall-csrf", page.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", "A".repeat(43))
                .post("/dashboard/campaigns/{id}/checkpoint", campaign).then().statusCode(403);
        manager().get("/api/v1/campaigns/{id}/checkpoints", campaign).then().body("items.size()", equalTo(0));
        assertThat(told(session, page.csrf(), given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).contentType(ContentType.URLENC).formParam("csrf", page.csrf())
                .post("/dashboard/campaigns/{id}/checkpoint", campaign))).contains("Checkpoint signed");
        String keyId = manager().get("/api/v1/campaigns/{id}/checkpoints", campaign).then()
                .body("items.size()", equalTo(1)).body("items[0].requestedBy", equalTo("manager")).extract()
                .path("items[0].keyId");
        assertThat(open(session, campaignPath + "?integrity=check").html()).contains("History verified")
                .contains("key " + keyId).contains("/dashboard/downloads/campaigns/" + campaign + "/evidence-pack");
        // The page's downloads work with the page's session.
        given().cookie("datarecall-session", session).get(
                "/dashboard/downloads/campaigns/{id}/evidence-pack?certificates=false", campaign).then().statusCode(200)
                .contentType("application/zip");
        given().cookie("datarecall-session", session).get("/dashboard/downloads/campaigns/{id}/checkpoints", campaign)
                .then().statusCode(200).body("items[0].keyId", equalTo(keyId));
        assertThat(open(session, "/dashboard/cases/" + caseId).html())
                .contains("/dashboard/downloads/cases/" + caseId + "/evidence-pack");
        given().cookie("datarecall-session", session).get("/dashboard/downloads/cases/{id}/evidence-pack", caseId).then()
                .statusCode(200).contentType("application/zip");

        String viewer = signIn("viewer");
        Page seen = open(viewer, campaignPath);
        assertThat(seen.html()).doesNotContain("id=\"checkpoint\"");
        given().redirects().follow(false).cookie("datarecall-session", viewer).cookie("datarecall-csrf", seen.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", seen.csrf())
                .post("/dashboard/campaigns/{id}/checkpoint", campaign).then().statusCode(403);
        manager().get("/api/v1/campaigns/{id}/checkpoints", campaign).then().body("items.size()", equalTo(1));
    }

    @Test
    void cases_can_be_listed_by_deadline_in_pages() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String campaign = createCampaign("dashboard deadlines");
        importCsv(campaign, "a,Aaa,a@example.com,,,", "b,Bbb,b@example.com,,,", "c,Ccc,c@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        cases.toDeletionRequested(caseOf(campaign, "c"));
        clock.set(Instant.parse("2026-06-02T09:00:00Z"));
        cases.toDeletionRequested(caseOf(campaign, "a"));
        String session = signIn("viewer");
        String html = open(session, "/dashboard/campaigns/" + campaign + "?sort=due").html();
        // c is due first, then a; b has no deadline and comes last.
        assertThat(html.indexOf("Ccc")).isLessThan(html.indexOf("Aaa"));
        assertThat(html.indexOf("Aaa")).isLessThan(html.indexOf("Bbb"));
    }

    @Test
    void a_browser_gets_problems_outside_the_api_as_pages_and_the_api_keeps_problem_json() {
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        String session = signIn("viewer");
        given().redirects().follow(false).cookie("datarecall-session", session).accept(browser)
                .get("/dashboard/campaigns/new").then().statusCode(403).contentType(ContentType.HTML)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("urn:datarecall:problem")));
        given().redirects().follow(false).cookie("datarecall-session", session).accept(browser)
                .get("/dashboard/cases/{id}", java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType(ContentType.HTML);
        // A client that does not ask for a page, and the API whatever it is asked for, get problem+json.
        given().redirects().follow(false).cookie("datarecall-session", session)
                .get("/dashboard/cases/{id}", java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        manager().accept(browser).get("/api/v1/cases/{id}", java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static Response upload(String session, String csrf, String campaign, String csv) {
        return given().redirects().follow(false).cookie("datarecall-session", session).cookie("datarecall-csrf", csrf)
                .multiPart("csrf", csrf).multiPart("file", "developers.csv", csv.getBytes(), "text/csv")
                .post("/dashboard/campaigns/{id}/developers", campaign);
    }
}
