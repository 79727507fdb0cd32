package org.datarecall.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.dashboard.DashboardTest.open;
import static org.datarecall.dashboard.DashboardTest.signIn;
import static org.datarecall.dashboard.DashboardTest.told;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.datarecall.job.JobRunner;
import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.datarecall.testing.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** A bulk action in the browser: the filter, the confirmation with its counts, the job's page. */
@QuarkusTest
class BulkActionPagesTest extends ClockedTest {

    @Inject
    Cases cases;

    @Inject
    JobRunner runner;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void noOtherOpenJob() {
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        runner.runAll();
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
    }

    /** Three developers: two asked to delete, one escalated. */
    private String campaign(String title) {
        String campaign = createCampaign(title);
        importCsv(campaign, "dev-1,Dev One,one@example.com,,,", "dev-2,Dev Two,two@example.com,,,",
                "dev-3,Dev Three,three@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        for (String dev : List.of("dev-1", "dev-2", "dev-3")) {
            cases.toDeletionRequested(caseOf(campaign, dev));
        }
        manager().body(java.util.Map.of("reason", "silent")).post("/api/v1/cases/{id}/actions/escalate",
                caseOf(campaign, "dev-3")).then().statusCode(200);
        return campaign;
    }

    private Response post(String session, String csrf, String campaign, String... fields) {
        var request = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", csrf).contentType(ContentType.URLENC).formParam("csrf", csrf);
        for (int i = 0; i < fields.length; i += 2) {
            request.formParam(fields[i], fields[i + 1]);
        }
        return request.post("/dashboard/campaigns/{id}/bulk-actions", campaign);
    }

    @Test
    void a_manager_confirms_a_bulk_extension_and_follows_its_job_to_the_end() {
        String campaign = campaign("bulk in the browser");
        String session = signIn("manager");
        assertThat(open(session, "/dashboard/campaigns/" + campaign).html()).contains("id=\"bulk-actions\"");

        // The confirmation says what would happen, and nothing has.
        DashboardTest.Page confirm = open(session, "/dashboard/campaigns/" + campaign + "/bulk-actions?action=extend");
        assertThat(confirm.html()).contains("Extend the deadline: confirm").contains("every case of the campaign")
                .contains("<b id=\"bulk-matching\">3</b>").contains("<b id=\"bulk-allowed\">3</b>")
                .contains("class=\"danger\" id=\"bulk-start\">Extend the deadline: 3 cases");
        DashboardTest.Page escalate = open(session,
                "/dashboard/campaigns/" + campaign + "/bulk-actions?action=escalate&state=&riskTier=");
        assertThat(escalate.html()).contains("<b id=\"bulk-allowed\">2</b>").contains("1 in state “Escalated”");

        // A missing reason: the page again, the field marked, nothing started.
        long jobs = Sql.count(dataSource, "SELECT count(*) FROM dr_job");
        Response invalid = post(session, confirm.csrf(), campaign, "action", "extend", "extensionDays", "7");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.asString()).contains("aria-invalid=\"true\" aria-describedby=\"bulk-reason-error\"")
                .contains("id=\"bulk-reason-error\"").contains("value=\"7\"");
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_job")).isEqualTo(jobs);

        Response started = post(session, confirm.csrf(), campaign, "action", "extend", "extensionDays", "7", "reason",
                "their holidays", "state", "DELETION_REQUESTED");
        assertThat(started.header("Location")).contains("/dashboard/jobs/");
        String running = told(session, confirm.csrf(), started);
        assertThat(running).contains("Extend the deadline: started for 2 cases").contains("http-equiv=\"refresh\"")
                .contains("Waiting to start").contains("<progress id=\"job-progress\" max=\"2\" value=\"0\"");

        runner.runAll();
        String jobPath = started.header("Location").replaceFirst("^https?://[^/]+", "");
        String done = open(session, jobPath).html();
        assertThat(done).contains("Done").contains("2 cases changed · 0 refused").doesNotContain("http-equiv=\"refresh\"")
                .contains("<progress id=\"job-progress\" max=\"2\" value=\"2\"");
        manager().get("/api/v1/cases/{id}/events", caseOf(campaign, "dev-1")).then()
                .body("items.find { it.type == 'DEADLINE_EXTENDED' }.data.reason", equalTo("their holidays"));
    }

    @Test
    void a_large_upload_is_imported_in_the_background_and_its_page_says_how_it_went() {
        String campaign = createCampaign("background upload");
        String session = signIn("manager");
        DashboardTest.Page page = open(session, "/dashboard/campaigns/" + campaign);
        assertThat(page.html()).contains("id=\"upload-background\"");

        Response stored = backgroundUpload(session, page.csrf(), campaign,
                "developerId,name,email,ccEmails,appIds,lastAccessAt\nb-1,B One,b1@example.com,,,\nb-2,B Two,b2@example.com,,,\n");
        assertThat(stored.header("Location")).contains("/dashboard/jobs/");
        assertThat(told(session, page.csrf(), stored)).contains("Upload stored").contains("Import of developers")
                .contains("http-equiv=\"refresh\"");
        runner.runAll();
        String jobPath = stored.header("Location").replaceFirst("^https?://[^/]+", "");
        assertThat(open(session, jobPath).html()).contains("Imported: 2 new, 0 updated, 0 unchanged");
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("total", equalTo(2));

        // A wrong row: the job fails with the row listed, nothing stored.
        Response bad = backgroundUpload(session, page.csrf(), campaign,
                "developerId,name,email,ccEmails,appIds,lastAccessAt\nb-3,B Three,not-an-address,,,\n");
        runner.runAll();
        String failed = open(session, bad.header("Location").replaceFirst("^https?://[^/]+", "")).html();
        assertThat(failed).contains("Failed").contains("Rows at fault").contains("<td>2</td><td>email</td>");
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("total", equalTo(2));
    }

    private static Response backgroundUpload(String session, String csrf, String campaign, String csv) {
        return given().redirects().follow(false).cookie("datarecall-session", session).cookie("datarecall-csrf", csrf)
                .multiPart("csrf", csrf).multiPart("background", "yes")
                .multiPart("file", "developers.csv", csv.getBytes(), "text/csv")
                .post("/dashboard/campaigns/{id}/developers", campaign);
    }

    @Test
    void a_viewer_sees_no_bulk_form_and_may_not_start_one() {
        String campaign = campaign("bulk as a viewer");
        String session = signIn("viewer");
        DashboardTest.Page page = open(session, "/dashboard/campaigns/" + campaign);
        assertThat(page.html()).doesNotContain("id=\"bulk-actions\"");
        given().redirects().follow(false).cookie("datarecall-session", session)
                .get("/dashboard/campaigns/{id}/bulk-actions?action=extend", campaign).then().statusCode(403);
        long jobs = Sql.count(dataSource, "SELECT count(*) FROM dr_job");
        assertThat(post(session, page.csrf(), campaign, "action", "extend", "extensionDays", "7", "reason", "r")
                .statusCode()).isEqualTo(403);
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_job")).isEqualTo(jobs);
    }
}
