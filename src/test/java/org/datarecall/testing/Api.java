package org.datarecall.testing;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests as each staff role, and the fixtures most tests start from. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String user) {
        // JSON both ways: the API refuses the form type RestAssured would otherwise send on a bodyless POST.
        return given().auth().preemptive().basic(user, user).accept(ContentType.JSON).contentType(ContentType.JSON);
    }

    public static RequestSpecification manager() {
        return as("manager");
    }

    public static Map<String, Object> campaignBody(String title) {
        return Map.of("title", title, "description", "Groups API members kept after revocation",
                "dataCategories", List.of("group member names", "profile pictures"),
                "detectedAt", "2026-04-01T00:00:00Z", "exposureStart", "2025-01-01T00:00:00Z");
    }

    /** Creates a DRAFT campaign and answers its id. */
    public static String createCampaign(String title) {
        return manager().contentType(ContentType.JSON).body(campaignBody(title))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
    }

    /** Creates a campaign with this policy, imports the rows (CSV without header) and launches it; answers its id. */
    public static String launch(String title, Map<String, Object> policy, String... rows) {
        Map<String, Object> body = new java.util.HashMap<>(campaignBody(title));
        body.put("policy", policy);
        String campaign = manager().contentType(ContentType.JSON).body(body).post("/api/v1/campaigns").then()
                .statusCode(201).extract().path("id");
        importCsv(campaign, rows);
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        return campaign;
    }

    /** Imports CSV rows (without the header) and answers the import result. */
    public static Map<String, Object> importCsv(String campaignId, String... rows) {
        StringBuilder csv = new StringBuilder("developerId,name,email,ccEmails,appIds,lastAccessAt\n");
        for (String row : rows) {
            csv.append(row).append('\n');
        }
        return manager().contentType("text/csv").body(csv.toString())
                .post("/api/v1/campaigns/{id}/developers", campaignId).then().statusCode(200).extract().as(Map.class);
    }

    /** The id of the case of one developer. */
    public static String caseOf(String campaignId, String developerId) {
        return manager().queryParam("q", developerId).get("/api/v1/campaigns/{id}/cases", campaignId)
                .then().statusCode(200).extract().path("items.find { it.developer.developerId == '" + developerId
                        + "' }.id");
    }
}
