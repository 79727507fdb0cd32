package org.datarecall.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.datarecall.testing.StaffSession;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** A campaign's progress from its cases' events: burn-down, funnel, attestations per day, time to attest. */
@QuarkusTest
class CampaignProgressTest extends ClockedTest {

    @Inject
    Cases cases;

    private void attest(String caseId, boolean audit) {
        cases.apply(caseId, new CaseCommand.SubmitAttestation(UUID.randomUUID().toString(), "ab".repeat(32)));
        cases.apply(caseId, new CaseCommand.RouteAttestation(audit, "test"));
    }

    @Test
    void the_figures_follow_the_cases_day_by_day_in_the_api_and_on_the_page() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String campaign = createCampaign("progress");
        importCsv(campaign, "p-a,A,a@example.com,,,", "p-b,B,b@example.com,,,", "p-c,C,c@example.com,,,",
                "p-d,D,d@example.com,,,");
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        for (String dev : List.of("p-a", "p-b", "p-c", "p-d")) {
            cases.toDeletionRequested(caseOf(campaign, dev));
        }
        clock.set(Instant.parse("2026-06-03T09:00:00Z"));
        attest(caseOf(campaign, "p-a"), false);
        clock.set(Instant.parse("2026-06-04T12:00:00Z"));
        attest(caseOf(campaign, "p-b"), true);
        manager().body(Map.of("reason", "silent")).post("/api/v1/cases/{id}/actions/escalate", caseOf(campaign, "p-c"))
                .then().statusCode(200);

        var json = as("viewer").get("/api/v1/campaigns/{id}/progress", campaign).then().statusCode(200).extract()
                .jsonPath();
        assertThat(json.getList("burnDown.day")).containsExactly("2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04");
        assertThat(json.getMap("burnDown[0].cases")).containsEntry("DELETION_REQUESTED", 4).containsEntry("PENDING", 0);
        assertThat(json.getMap("burnDown[1].cases")).as("a day without a change carries the day before")
                .containsEntry("DELETION_REQUESTED", 4);
        assertThat(json.getMap("burnDown[2].cases")).containsEntry("DELETION_REQUESTED", 3).containsEntry("VERIFIED", 1);
        assertThat(json.getMap("burnDown[3].cases")).containsEntry("DELETION_REQUESTED", 1)
                .containsEntry("AUDIT_PENDING", 1).containsEntry("ESCALATED", 1).containsEntry("VERIFIED", 1)
                .containsEntry("ATTESTED", 0);
        assertThat(json.getList("funnel.state")).containsExactly("PENDING", "NOTIFIED", "DELETION_REQUESTED",
                "ATTESTED", "VERIFIED");
        assertThat(json.getList("funnel.cases")).containsExactly(4, 4, 4, 2, 1);
        assertThat(json.getList("funnel.ofPrevious")).containsExactly(null, 1.0f, 1.0f, 0.5f, 0.5f);
        assertThat(json.getList("attestationsPerDay.day")).containsExactly("2026-06-03", "2026-06-04");
        assertThat(json.getList("attestationsPerDay.count")).containsExactly(1, 1);
        assertThat(json.getInt("attestedCases")).isEqualTo(2);

        String html = StaffSession.signIn("viewer").page("/dashboard/campaigns/" + campaign + "/progress");
        assertThat(html).contains("<svg id=\"burn-down\" role=\"img\"").contains("<title id=\"burn-down-title\">")
                .contains("<svg id=\"funnel\"").contains("<svg id=\"attestations\"")
                .contains("Attested: 2 (50% of the stage before)")
                .contains("median <b>2 days 13 hours</b>, 90th percentile <b>3 days</b>")
                .contains("<th scope=\"row\">2026-06-02</th>").doesNotContain("http://").doesNotContain("<script");
        manager().get("/api/v1/campaigns/{id}/progress", "01a239e1-0000-7000-8000-000000000000").then()
                .statusCode(404);
    }
}
