package org.datarecall.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import javax.sql.DataSource;

import org.datarecall.testing.Sql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** The sample campaign a new user is offered in dev mode (switched on here as dev mode has it). */
@QuarkusTest
@TestProfile(SampleCampaignTest.DemoOn.class)
class SampleCampaignTest {

    public static class DemoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datarecall.demo.sample-campaign", "true");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void the_sample_is_a_draft_of_a_hundred_developers_eleven_of_them_recent_readers_and_sends_nothing() {
        String session = DashboardTest.signIn("manager");
        DashboardTest.Page overview = DashboardTest.open(session, "/dashboard");
        long mails = Sql.count(dataSource, "SELECT count(*) FROM dr_notice");
        Response made = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", overview.csrf()).contentType(ContentType.URLENC)
                .formParam("csrf", overview.csrf()).post("/dashboard/sample-campaign");
        assertThat(DashboardTest.told(session, overview.csrf(), made)).contains("Sample campaign created as a DRAFT");
        String campaign = made.header("Location").replaceFirst(".*/dashboard/campaigns/", "");

        manager().get("/api/v1/campaigns/{id}", campaign).then().body("status", equalTo("DRAFT"));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("total", equalTo(100))
                .body("highRisk", equalTo(11));
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_access_record WHERE campaign_id = ?::uuid",
                campaign)).isEqualTo(77);
        manager().queryParam("q", "dev-001").get("/api/v1/campaigns/{id}/cases", campaign).then()
                .body("items[0].lastRecordedAccessAt", org.hamcrest.Matchers.notNullValue());
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_notice")).as("nothing is sent").isEqualTo(mails);

        // Only a manager makes one.
        String viewer = DashboardTest.signIn("viewer");
        DashboardTest.Page page = DashboardTest.open(viewer, "/dashboard");
        given().redirects().follow(false).cookie("datarecall-session", viewer).cookie("datarecall-csrf", page.csrf())
                .contentType(ContentType.URLENC).formParam("csrf", page.csrf()).post("/dashboard/sample-campaign")
                .then().statusCode(403);
    }
}
