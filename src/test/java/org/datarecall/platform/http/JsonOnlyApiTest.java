package org.datarecall.platform.http;

import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.datarecall.testing.Cases;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** What a form on another site could make a browser send is refused before any endpoint runs. */
@QuarkusTest
class JsonOnlyApiTest {

    @Inject
    Cases cases;

    @Test
    void cross_site_form_bodies_get_415_and_change_nothing() {
        String campaign = createCampaign("forms from elsewhere");
        importCsv(campaign, "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        cases.toDeletionRequested(caseId);

        manager().contentType("text/plain").body("{\"reason\":\"x\"}")
                .post("/api/v1/cases/{id}/actions/escalate", caseId).then().statusCode(415)
                .contentType("application/problem+json").body("status", equalTo(415));
        manager().contentType(ContentType.URLENC).formParam("reason", "x")
                .post("/api/v1/cases/{id}/actions/escalate", caseId).then().statusCode(415);
        manager().contentType("multipart/form-data").multiPart("reason", "x").post("/api/v1/cases/{id}/actions/escalate", caseId).then().statusCode(415);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("DELETION_REQUESTED"));

        manager().contentType("text/plain").body("go").post("/api/v1/campaigns/{id}/launch", campaign).then()
                .statusCode(415);
        manager().get("/api/v1/campaigns/{id}", campaign).then().body("status", equalTo("DRAFT"));

        // JSON, and requests without a body, work as before.
        manager().contentType(ContentType.JSON).body(Map.of("reason", "silent"))
                .post("/api/v1/cases/{id}/actions/escalate", caseId).then().statusCode(200);
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
    }
}
