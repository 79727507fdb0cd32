package org.datarecall.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.datarecall.job.JobRunner;
import org.datarecall.testing.ClockedTest;
import org.datarecall.testing.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** {@code POST /campaigns/{id}/developers?async=true}: the upload is stored, a job imports it, all or nothing. */
@QuarkusTest
class AsyncImportTest extends ClockedTest {

    private static final String HEADER = "developerId,name,email,ccEmails,appIds,lastAccessAt\n";

    @Inject
    DataSource dataSource;

    @Inject
    JobRunner runner;

    @BeforeEach
    void noOtherOpenJob() {
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        runner.runAll();
        clock.useSystemTime();
    }

    private long cases(String campaign) {
        return Sql.count(dataSource, "SELECT count(*) FROM dr_case WHERE campaign_id = ?::uuid", campaign);
    }

    @Test
    void an_async_import_answers_at_once_and_its_job_imports_the_upload() {
        String campaign = createCampaign("async import");
        String csv = HEADER + "dev-1,Dev One,one@example.com,,app-1,\ndev-2,Dev Two,two@example.com,,,\n"
                + "dev-3,Dev Three,three@example.com,,,\n";
        String location = manager().contentType("text/csv").body(csv).queryParam("async", true)
                .post("/api/v1/campaigns/{id}/developers", campaign).then().statusCode(202)
                .header("Location", containsString("/api/v1/jobs/")).body("kind", equalTo("IMPORT"))
                .body("state", equalTo("QUEUED")).body("unit", equalTo("bytes"))
                .body("total", equalTo(csv.getBytes(StandardCharsets.UTF_8).length)).body("done", equalTo(0))
                .extract().header("Location");
        assertThat(cases(campaign)).as("nothing is imported before the job runs").isZero();

        assertThat(runner.runAll()).isEqualTo(1);

        manager().get(location).then().statusCode(200).body("state", equalTo("SUCCEEDED")).body("percent", equalTo(100))
                .body("result.created", equalTo(3)).body("result.updated", equalTo(0)).body("errors", equalTo(0));
        assertThat(cases(campaign)).isEqualTo(3);
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_job_upload WHERE job_id = ?::uuid",
                location.substring(location.lastIndexOf('/') + 1))).as("the upload goes with its job").isZero();
    }

    @Test
    void a_rejected_async_import_fails_its_job_with_the_rows_at_fault_and_stores_nothing() {
        String campaign = createCampaign("async import rejected");
        String csv = HEADER + "dev-1,Dev One,one@example.com,,,\ndev-2,Dev Two,not-an-address,,,\n"
                + "dev-1,Dev One again,again@example.com,,,\n";
        String location = manager().contentType("text/csv").body(csv).queryParam("async", "true")
                .post("/api/v1/campaigns/{id}/developers", campaign).then().statusCode(202).extract()
                .header("Location");

        runner.runAll();

        manager().get(location).then().body("state", equalTo("FAILED")).body("errors", equalTo(2))
                .body("detail", containsString("nothing was stored"));
        manager().get(location + "/errors").then().statusCode(200).body("items.ref", equalTo(List.of("3", "4")))
                .body("items.field", equalTo(List.of("email", "developerId")));
        assertThat(cases(campaign)).isZero();
    }

    @Test
    void an_async_import_into_a_closed_campaign_is_refused_before_anything_is_stored() {
        String campaign = createCampaign("async import closed");
        manager().post("/api/v1/campaigns/{id}/close", campaign).then().statusCode(200);
        long jobs = Sql.count(dataSource, "SELECT count(*) FROM dr_job");
        manager().contentType("text/csv").body(HEADER + "dev-1,Dev One,one@example.com,,,\n").queryParam("async", true)
                .post("/api/v1/campaigns/{id}/developers", campaign).then().statusCode(409)
                .contentType("application/problem+json");
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_job")).isEqualTo(jobs);
    }
}
