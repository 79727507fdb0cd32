package org.datarecall.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.datarecall.testing.OwnerDatabase;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * A request that waits on the database past the session's lock timeout is answered 503 with
 * Retry-After (a problem, not an internal error), keeps nothing, and works when tried again.
 */
@QuarkusTest
class DatabaseBusyTest extends ClockedTest {

    @Inject
    Cases cases;

    @Test
    void a_request_that_cannot_have_its_lock_in_time_is_refused_as_busy_and_changes_nothing() throws Exception {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String campaign = createCampaign("busy database");
        importCsv(campaign, "dev-1,Dev One,one@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        String caseId = caseOf(campaign, "dev-1");
        cases.apply(caseId, new CaseCommand.Notify());

        try (Connection holder = OwnerDatabase.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM dr_case WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, UUID.fromString(caseId));
                lock.executeQuery().close();
            }
            // Held past the service's lock_timeout (10 s).
            manager().contentType(ContentType.JSON).post("/api/v1/cases/{id}/actions/{action}", caseId,
                    "send-deletion-request").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", equalTo("urn:datarecall:problem:busy"))
                    .body("status", equalTo(503))
                    .body("errorId", notNullValue());
            holder.rollback();
        }

        manager().get("/api/v1/cases/{id}/events", caseId).then().statusCode(200)
                .body("items.type", equalTo(List.of("CASE_OPENED", "NOTIFIED")));
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("NOTIFIED"));
        String state = manager().contentType(ContentType.JSON).post("/api/v1/cases/{id}/actions/{action}", caseId,
                "send-deletion-request").then().statusCode(200).extract().path("state");
        assertThat(state).as("tried again once the lock is gone").isEqualTo("DELETION_REQUESTED");
    }
}
