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
        return given().auth().preemptive().basic(user, user).accept(ContentType.JSON);
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
