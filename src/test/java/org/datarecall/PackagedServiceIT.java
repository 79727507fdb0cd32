package org.datarecall;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.datarecall.testing.RuntimeUsers;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/** The packaged jar, prod profile: the users exist only because the operator gave them at run time. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RuntimeUsers.class, restrictToAnnotatedClass = true)
class PackagedServiceIT {

    @Test
    void run_time_users_work_and_the_development_users_do_not_exist() {
        // Up (the launcher waited for it), and its health is not on the public port.
        given().get("/q/health/ready").then().statusCode(404);
        given().auth().preemptive().basic("manager", "manager").get("/api/v1/campaigns").then().statusCode(401);

        String id = given().auth().preemptive().basic("ops", "s3cret-ops").contentType(ContentType.JSON)
                .body(Map.of("title", "Packaged", "dataCategories", List.of("names")))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        given().auth().preemptive().basic("ops", "s3cret-ops").contentType("text/csv")
                .body("developerId,name,email,ccEmails,appIds,lastAccessAt\nd-1,D One,d1@example.com,,,\n")
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(200).body("created", equalTo(1));
        given().auth().preemptive().basic("legal", "s3cret-legal").get("/api/v1/campaigns/{id}/summary", id)
                .then().statusCode(200).body("byState.PENDING", equalTo(1));
        given().auth().preemptive().basic("legal", "s3cret-legal").contentType("application/json").post("/api/v1/campaigns/{id}/launch", id)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().preemptive().basic("legal", "s3cret-legal").get("/api/v1/campaigns/{id}/integrity", id)
                .then().statusCode(200).body("verified", equalTo(true));
    }
}
