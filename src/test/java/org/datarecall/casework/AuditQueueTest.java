package org.datarecall.casework;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;

import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.datarecall.testing.StaffSession;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** The auditors' queue: every campaign's AUDIT_PENDING cases, longest waiting first, page by page. */
@QuarkusTest
class AuditQueueTest extends ClockedTest {

    @Inject
    Cases cases;

    @Test
    void cases_waiting_for_their_audit_are_listed_longest_waiting_first_across_campaigns() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String first = createCampaign("audit queue one");
        importCsv(first, "dev-a,Dev A,a@example.com,,,", "dev-b,Dev B,b@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", first).then().statusCode(200);
        String second = createCampaign("audit queue two");
        importCsv(second, "dev-c,Dev C,c@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", second).then().statusCode(200);
        String a = caseOf(first, "dev-a");
        String b = caseOf(first, "dev-b");
        String c = caseOf(second, "dev-c");
        clock.set(Instant.parse("2026-06-02T00:00:00Z"));
        cases.toAuditPending(c);
        clock.set(Instant.parse("2026-06-03T00:00:00Z"));
        cases.toAuditPending(a);
        cases.toDeletionRequested(b); // requested, not waiting for an audit: not in the queue

        // The queue is shared with other tests' cases: these three are checked for their places in it.
        JsonPath all = as("viewer").queryParam("limit", 500).get("/api/v1/audit-queue").then().statusCode(200)
                .extract().jsonPath();
        List<String> ids = all.getList("items.caseId");
        assertThat(ids).contains(c, a).doesNotContain(b);
        assertThat(ids.indexOf(c)).as("the longer waiting first").isLessThan(ids.indexOf(a));
        int at = ids.indexOf(c);
        assertThat(all.getString("items[" + at + "].campaignTitle")).isEqualTo("audit queue two");
        assertThat(all.getString("items[" + at + "].developerId")).isEqualTo("dev-c");
        assertThat(all.getString("items[" + at + "].waitingSince")).isEqualTo("2026-06-02T00:00:00Z");
        List<String> waits = all.getList("items.waitingSince");
        assertThat(waits).isSorted();

        // A page that ends at c goes on, through its cursor, with what follows c.
        JsonPath upToC = as("auditor").queryParam("limit", at + 1).get("/api/v1/audit-queue").then().statusCode(200)
                .extract().jsonPath();
        assertThat(upToC.getList("items.caseId")).endsWith(c);
        List<String> rest = as("auditor").queryParam("limit", 500).queryParam("cursor", upToC.getString("nextCursor"))
                .get("/api/v1/audit-queue").then().statusCode(200).extract().jsonPath().getList("items.caseId");
        assertThat(rest).contains(a).doesNotContain(c).isEqualTo(ids.subList(at + 1, ids.size()));

        // Recording the audit takes the case off the queue.
        as("auditor").contentType("application/json").body(java.util.Map.of("result", "PASS", "method", "TECHNICAL_SCAN"))
                .post("/api/v1/cases/{id}/actions/record-audit", c).then().statusCode(200);
        List<String> now = as("auditor").queryParam("limit", 500).get("/api/v1/audit-queue").then().extract()
                .jsonPath().getList("items.caseId", String.class);
        assertThat(now).contains(a).doesNotContain(c);

        // The page shows the same queue, from its head, with links to the cases.
        String html = StaffSession.signIn("auditor").page("/dashboard/audit-queue");
        assertThat(html).contains("id=\"audit-queue\"").doesNotContain("/dashboard/cases/" + c);
        // Its first page is the queue's head, in the same order as the API's (the queue is shared with
        // other tests' cases, so this one may or may not be on it).
        List<String> head = now.subList(0, Math.min(50, now.size()));
        int previous = -1;
        for (String id : head) {
            int position = html.indexOf("/dashboard/cases/" + id);
            assertThat(position).as("case %s on the page, after the one before it", id).isGreaterThan(previous);
            previous = position;
        }
        assertThat(html.contains("/dashboard/cases/" + a)).as("case a on the first page exactly when it is in the head")
                .isEqualTo(head.contains(a));
        assertThat(!head.contains(a) || html.contains("audit queue one")).as("its campaign named beside it").isTrue();
    }

    @Test
    void a_bad_page_request_is_refused() {
        as("auditor").queryParam("limit", 0).get("/api/v1/audit-queue").then().statusCode(400)
                .body("violations[0].field", equalTo("limit"));
        as("auditor").queryParam("cursor", "bm90LWEtY3Vyc29y").get("/api/v1/audit-queue").then().statusCode(400)
                .body("violations[0].field", equalTo("cursor"));
        given().get("/api/v1/audit-queue").then().statusCode(401);
    }
}
