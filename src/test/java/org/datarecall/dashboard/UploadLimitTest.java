package org.datarecall.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** An upload over the import limit, through the staff page: the page says so and nothing is stored. */
@QuarkusTest
@TestProfile(UploadLimitTest.SmallLimit.class)
class UploadLimitTest {

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datarecall.import.max-bytes", "2000");
        }
    }

    @Test
    void an_oversize_file_is_refused_on_the_page() {
        String campaign = createCampaign("upload limit");
        String session = DashboardTest.signIn("manager");
        DashboardTest.Page page = DashboardTest.open(session, "/dashboard/campaigns/" + campaign);
        StringBuilder csv = new StringBuilder("developerId,name,email,ccEmails,appIds,lastAccessAt\n");
        for (int i = 0; i < 100; i++) {
            csv.append("d-").append(i).append(",Developer ").append(i).append(",d").append(i).append("@example.com,,,\n");
        }
        Response r = given().redirects().follow(false).cookie("datarecall-session", session)
                .cookie("datarecall-csrf", page.csrf()).multiPart("csrf", page.csrf())
                .multiPart("file", "developers.csv", csv.toString().getBytes(), "text/csv")
                .post("/dashboard/campaigns/{id}/developers", campaign);
        assertThat(DashboardTest.told(session, page.csrf(), r)).contains("too large");
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("total", equalTo(0));
        // The API keeps its problem answer.
        manager().contentType("text/csv").body(csv.toString()).post("/api/v1/campaigns/{id}/developers", campaign)
                .then().statusCode(413).contentType("application/problem+json");
    }
}
