package org.datarecall.casework;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.datarecall.dashboard.DashboardTestAccess;
import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Exports follow the list's filters: {@code GET /campaigns/{id}/cases.csv} and the campaign page's link. */
@QuarkusTest
class FilteredExportTest extends ClockedTest {

    @Inject
    Cases cases;

    private String campaign(String title) {
        String campaign = createCampaign(title);
        importCsv(campaign, "dev-1,Dev One,one@example.com,,,", "dev-2,Dev Two,two@example.com,,,",
                "dev-3,\"Drei, GmbH\",drei@example.de,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        for (String dev : List.of("dev-1", "dev-2", "dev-3")) {
            cases.toDeletionRequested(caseOf(campaign, dev));
        }
        for (String dev : List.of("dev-1", "dev-3")) {
            manager().body(Map.of("reason", "silent")).post("/api/v1/cases/{id}/actions/escalate", caseOf(campaign, dev))
                    .then().statusCode(200);
        }
        return campaign;
    }

    private static List<String> developerIds(String csv) {
        return csv.lines().skip(1).map(line -> line.split(",")[1]).toList();
    }

    @Test
    void the_csv_holds_the_cases_the_filter_matches_with_the_report_columns() {
        String campaign = campaign("filtered export");
        String all = as("viewer").accept("text/csv").get("/api/v1/campaigns/{id}/cases.csv", campaign).then()
                .statusCode(200).contentType("text/csv").extract().asString();
        assertThat(developerIds(all)).containsExactly("dev-1", "dev-2", "dev-3");
        String report = manager().accept("text/csv").get("/api/v1/campaigns/{id}/report.csv", campaign).then()
                .extract().asString();
        assertThat(all.lines().findFirst()).isEqualTo(report.lines().findFirst());

        String escalated = manager().accept("text/csv").queryParam("state", "ESCALATED")
                .get("/api/v1/campaigns/{id}/cases.csv", campaign).then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("-cases.csv")).extract().asString();
        assertThat(developerIds(escalated)).containsExactly("dev-1", "dev-3");
        assertThat(escalated).contains("\"Drei, GmbH\"");
        String searched = manager().accept("text/csv").queryParam("state", "ESCALATED").queryParam("q", "drei")
                .get("/api/v1/campaigns/{id}/cases.csv", campaign).then().extract().asString();
        assertThat(developerIds(searched)).containsExactly("dev-3");

        manager().accept("text/csv").queryParam("state", "SLEEPING").get("/api/v1/campaigns/{id}/cases.csv", campaign)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("state"));
        given().accept("text/csv").get("/api/v1/campaigns/{id}/cases.csv", campaign).then().statusCode(401);
    }

    @Test
    void the_campaign_page_exports_what_its_filter_shows() {
        String campaign = campaign("filtered export page");
        String session = DashboardTestAccess.signIn("manager");
        String unfiltered = DashboardTestAccess.open(session, "/dashboard/campaigns/" + campaign);
        assertThat(unfiltered).contains("id=\"export-all\"").doesNotContain("id=\"export-filtered\"");
        String filtered = DashboardTestAccess.open(session, "/dashboard/campaigns/" + campaign + "?state=ESCALATED");
        assertThat(filtered).contains("id=\"export-filtered\"")
                .contains("/dashboard/downloads/campaigns/" + campaign + "/report.csv?state=ESCALATED&amp;riskTier=");
        String csv = given().cookie("datarecall-session", session).urlEncodingEnabled(false)
                .get("/dashboard/downloads/campaigns/" + campaign + "/report.csv?state=ESCALATED&riskTier=&overdue=&q=")
                .then().statusCode(200).extract().asString();
        assertThat(csv).startsWith("\uFEFFcaseId,");
        assertThat(developerIds(csv)).containsExactly("dev-1", "dev-3");
    }
}
