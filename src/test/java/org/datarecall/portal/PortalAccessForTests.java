package org.datarecall.portal;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The developer's side of the portal, for tests in other packages. */
public final class PortalAccessForTests {

    private PortalAccessForTests() {
    }

    public static String tokenFrom(String caseId, String kind) throws Exception {
        return PortalFixture.tokenFrom(caseId, kind);
    }

    public static RequestSpecification developer(String token) {
        return given().header("Authorization", "Bearer " + token).accept(ContentType.JSON);
    }

    public static Response submit(String token) {
        return PortalFixture.submit(token, PortalFixture.validAttestation());
    }
}
