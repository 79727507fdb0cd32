package org.datarecall.platform.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import org.datarecall.testing.Api;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RequestIdsTest {

    @Test
    void every_answer_names_its_request() {
        Api.manager().header("X-Request-Id", "caller-7f3a").get("/api/v1/campaigns").then().statusCode(200)
                .header("X-Request-Id", equalTo("caller-7f3a"));
        given().get("/api/v1/campaigns").then().statusCode(401)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        // An id that could forge log lines is replaced, not echoed.
        Api.manager().header("X-Request-Id", "bad id\" injected").get("/api/v1/campaigns").then()
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }
}
