package org.datarecall.testing;

import java.net.URI;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface of the application under test: health, metrics and the OpenAPI document.
 * Its test port is random ({@code %test.quarkus.management.test-port=0}), like the HTTP port.
 */
public final class Management {

    private Management() {
    }

    public static RequestSpecification given() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return RestAssured.given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }
}
