package org.datarecall.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.datarecall.testing.Api;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;

/**
 * Staff sign-in through an OpenID Connect provider (a WireMock OIDC server standing in for the
 * company's): bearer tokens for the API, roles from the token's groups claim mapped to ours; the
 * embedded users keep working beside it, and developer links are not mistaken for staff tokens.
 */
@QuarkusTest
@TestProfile(SingleSignOnTest.Enabled.class)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
class SingleSignOnTest {

    /** What an operator sets to switch single sign-on on. */
    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.client-id", "data-recall",
                    "quarkus.http.auth.roles-mapping.\"recall-managers\"", "manager",
                    "quarkus.http.auth.roles-mapping.\"recall-auditors\"", "auditor",
                    "quarkus.http.auth.roles-mapping.\"recall-viewers\"", "viewer");
        }
    }

    static String token(String user, String... groups) {
        return OidcWiremockTestResource.getAccessToken(user, Set.of(groups));
    }

    @Test
    void a_manager_signed_in_through_the_provider_creates_a_campaign_in_their_name() {
        String id = given().auth().oauth2(token("alice", "recall-managers")).contentType(ContentType.JSON)
                .body(Api.campaignBody("single sign-on")).post("/api/v1/campaigns").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(token("bob", "recall-viewers")).get("/api/v1/campaigns/{id}", id).then()
                .statusCode(200).body("createdBy", equalTo("alice"));
    }

    @Test
    void roles_come_from_the_groups_claim() {
        given().auth().oauth2(token("bob", "recall-viewers")).contentType(ContentType.JSON)
                .body(Api.campaignBody("viewer tries")).post("/api/v1/campaigns").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(token("eve", "some-other-group")).get("/api/v1/campaigns").then().statusCode(403);
        given().auth().oauth2("not.a.jwt").get("/api/v1/campaigns").then().statusCode(401);
        given().get("/api/v1/campaigns").then().statusCode(401);
    }

    @Test
    void the_embedded_users_and_developer_links_still_work() {
        Api.manager().get("/api/v1/campaigns").then().statusCode(200);
        // A developer link is a bearer token too; it opens nothing on the staff API and stays a portal 401.
        given().auth().oauth2("A".repeat(43)).get("/api/v1/portal/case").then().statusCode(401)
                .body("type", equalTo("urn:datarecall:problem:invalid-link"));
        given().auth().oauth2(token("alice", "recall-managers")).get("/api/v1/portal/case").then().statusCode(401)
                .body("type", equalTo("urn:datarecall:problem:invalid-link"));
        given().auth().oauth2(token("alice", "recall-managers")).get("/api/v1/campaigns").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.notNullValue());
        List.of("manager", "auditor", "viewer").forEach(u -> Api.as(u).get("/api/v1/campaigns").then().statusCode(200));
    }
}
