package org.datarecall.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.Api;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import javax.sql.DataSource;

/**
 * The platform's own records decide who is checked: access records and revocations arrive, risk tiers
 * and findings follow, and a case with a finding is audited whatever the sample says.
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class AccessRecordsTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    static final String HEADER = "appId,day,calls,usersAffected\n";

    @Inject
    DataSource dataSource;

    private long count(String query, Object... params) {
        return Sql.count(dataSource, query, params);
    }

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    private static String draft(String title, Map<String, Object> policy, String... developers) {
        Map<String, Object> body = new HashMap<>(Api.campaignBody(title));
        body.put("policy", policy);
        String campaign = manager().contentType(ContentType.JSON).body(body).post("/api/v1/campaigns").then()
                .statusCode(201).extract().path("id");
        Api.importCsv(campaign, developers);
        return campaign;
    }

    private static ValidatableResponse records(String campaign, String csvRows) {
        return manager().contentType("text/csv").body(HEADER + csvRows)
                .post("/api/v1/campaigns/{id}/access-records", campaign).then();
    }

    private static ValidatableResponse revocations(String campaign, List<Map<String, Object>> body) {
        return manager().contentType(ContentType.JSON).body(body)
                .post("/api/v1/campaigns/{id}/revocations", campaign).then();
    }

    private static Map<String, Object> revocation(String appId, String revokedAt, String probeResult) {
        Map<String, Object> r = new HashMap<>();
        r.put("appId", appId);
        r.put("revokedAt", revokedAt);
        r.put("mechanism", "TOKENS_INVALIDATED");
        if (probeResult != null) {
            r.put("probeAt", revokedAt);
            r.put("probeResult", probeResult);
        }
        return r;
    }

    private long recordRows(String campaign) {
        return count("SELECT count(*) FROM dr_access_record WHERE campaign_id = ?::uuid", campaign);
    }

    /**
     * The seeds' incident: 100 developers, 11 read the data within the 60 days before detection, 2 kept
     * calling after their access was revoked. The 11 follow the HIGH rules; the 2 get findings and are
     * audited although the sample audits nobody.
     */
    @Test
    void the_platforms_records_decide_who_is_high_risk_and_who_is_audited() throws Exception {
        List<String> developers = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        List<Map<String, Object>> revoked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = String.format("dev-%03d", i);
            developers.add(id + ",Developer " + i + "," + id + "@example.com,,app-" + i + ",");
            // Detected 2026-04-01 with a 60-day window: 2026-03-15 is recent, 2025-12-01 is not.
            rows.append("app-").append(i).append(i < 11 ? ",2026-03-15," : ",2025-12-01,").append(10 + i).append(",")
                    .append(i + 1).append('\n');
            revoked.add(revocation("app-" + i, "2026-04-02T00:00:00Z", "NO_ACCESS"));
        }
        // Two of the eleven kept calling after their access was revoked on 2026-04-02.
        rows.append("app-5,2026-04-10,7,3\napp-6,2026-05-01,2,2\n");
        String campaign = draft("seeds", Map.of("audit", Map.of("mode", "SAMPLE", "sampleRate", 0.0,
                "alwaysAuditHighRisk", false), "highRisk", Map.of("attestationWindow", "P10D", "auditMode", "SAMPLE",
                "minEvidenceFiles", 0)), developers.toArray(String[]::new));

        records(campaign, rows.toString()).statusCode(200).body("created", equalTo(102))
                .body("replaced", equalTo(0)).body("unchanged", equalTo(0));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then().body("highRisk", equalTo(11));
        revocations(campaign, revoked).statusCode(200).body("recorded", equalTo(100));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then()
                .body("findings.ACCESS_AFTER_REVOCATION", equalTo(2)).body("findings.NOT_REVOKED", equalTo(0));
        manager().queryParam("finding", "ACCESS_AFTER_REVOCATION").get("/api/v1/campaigns/{id}/cases", campaign)
                .then().body("items.developer.developerId", equalTo(List.of("dev-005", "dev-006")));

        String late = caseOf(campaign, "dev-005");
        manager().get("/api/v1/cases/{id}", late).then().body("riskTier", equalTo("HIGH"))
                .body("firstAccessAt", equalTo("2026-03-15T00:00:00Z"))
                .body("lastRecordedAccessAt", equalTo("2026-04-10T00:00:00Z")).body("usersAffected", equalTo(6))
                .body("revokedAt", equalTo("2026-04-02T00:00:00Z"))
                .body("findings", equalTo(List.of("ACCESS_AFTER_REVOCATION")));
        manager().get("/api/v1/cases/{id}/events", late).then()
                .body("items.type", equalTo(List.of("CASE_OPENED", "ACCESS_REVOKED", "FINDING")))
                .body("items[1].data.mechanism", equalTo("TOKENS_INVALIDATED"))
                .body("items[2].data.kind", equalTo("ACCESS_AFTER_REVOCATION"))
                .body("items[2].data.records[0].day", equalTo("2026-04-10"))
                .body("items[2].data.records[0].calls", equalTo(7)).body("items[2].data.recordCount", equalTo(1));

        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        String high = caseOf(campaign, "dev-003");
        String standard = caseOf(campaign, "dev-060");
        manager().get("/api/v1/cases/{id}", high).then().body("riskTier", equalTo("HIGH"))
                .body("dueAt", equalTo("2026-06-11T09:00:00Z"));
        manager().get("/api/v1/cases/{id}", standard).then().body("riskTier", equalTo("STANDARD"))
                .body("dueAt", equalTo("2026-07-01T09:00:00Z"));

        for (String c : List.of(late, high, standard)) {
            PortalFixture.submit(PortalFixture.tokenFrom(c, "DELETION_REQUEST"), PortalFixture.validAttestation())
                    .then().statusCode(201);
        }
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", late).then().body("state", equalTo("AUDIT_PENDING"));
        manager().get("/api/v1/cases/{id}/events", late).then().body("items[-1].data.selectionRule",
                equalTo("finding ACCESS_AFTER_REVOCATION is always audited"));
        // The HIGH rules sample HIGH cases at the campaign's rate (none here): only the finding audits.
        manager().get("/api/v1/cases/{id}", high).then().body("state", equalTo("VERIFIED"));
        manager().get("/api/v1/cases/{id}", standard).then().body("state", equalTo("VERIFIED"));
        // Revocation findings are recorded once, however often the records are checked again.
        records(campaign, "app-5,2026-04-10,7,3\n").statusCode(200).body("unchanged", equalTo(1));
        assertThat(count("SELECT count(*) FROM dr_case_event WHERE case_id = ?::uuid AND type = 'FINDING'", late))
                .isEqualTo(1);
    }

    @Test
    void a_finding_made_as_the_sweep_routes_an_attestation_sends_it_to_audit_in_that_same_run() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "finding at routing",
                Map.of("audit", Map.of("mode", "NONE")), "dev-1,Dev One,one@example.com,,app-1,");
        String caseId = caseOf(campaign, "dev-1");
        records(campaign, "app-1,2026-05-25,9,1\n").statusCode(200);
        PortalFixture.submit(PortalFixture.tokenFrom(caseId, "DELETION_REQUEST"), PortalFixture.validAttestation())
                .then().statusCode(201);
        // One run: the check finds the calls after the attested deletion, records the finding, and the
        // routing that follows plans from the case's new chain head.
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("AUDIT_PENDING"));
        manager().get("/api/v1/cases/{id}/events", caseId).then().body("items[-1].data.selectionRule",
                org.hamcrest.Matchers.containsString("ACCESS_AFTER_DELETION"));
    }

    @Test
    void calls_after_the_attested_deletion_are_a_finding_that_does_not_reopen_a_verified_case() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "after deletion",
                Map.of("audit", Map.of("mode", "NONE")), "dev-1,Dev One,one@example.com,,app-1;app-2,");
        String caseId = caseOf(campaign, "dev-1");
        PortalFixture.submit(PortalFixture.tokenFrom(caseId, "DELETION_REQUEST"), PortalFixture.validAttestation())
                .then().statusCode(201);
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("VERIFIED"));

        // Attested deleted on 2026-05-20; the platform saw calls on the 20th (same day) and the 25th.
        records(campaign, "app-1,2026-05-20,4,4\napp-2,2026-05-25,9,1\n").statusCode(200);
        manager().get("/api/v1/cases/{id}", caseId).then().body("state", equalTo("VERIFIED"))
                .body("findings", equalTo(List.of("ACCESS_AFTER_DELETION", "NOT_REVOKED")))
                .body("revokedAt", nullValue());
        manager().get("/api/v1/cases/{id}/events", caseId).then()
                .body("items.findAll { it.type == 'FINDING' }.data.kind",
                        equalTo(List.of("ACCESS_AFTER_DELETION", "NOT_REVOKED")))
                .body("items.find { it.data.kind == 'ACCESS_AFTER_DELETION' }.data.records.day",
                        equalTo(List.of("2026-05-25")))
                .body("items.find { it.data.kind == 'NOT_REVOKED' }.data.apps", equalTo(List.of("app-1", "app-2")))
                .body("items.findAll { it.type == 'FINDING' }.toState", equalTo(List.of("VERIFIED", "VERIFIED")));
        manager().get("/api/v1/campaigns/{id}/summary", campaign).then()
                .body("findings.ACCESS_AFTER_DELETION", equalTo(1)).body("findings.NOT_REVOKED", equalTo(1))
                .body("byState.VERIFIED", equalTo(1));
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().body("verified", equalTo(true));
        String[] report = manager().accept("text/csv").get("/api/v1/campaigns/{id}/report.csv", campaign).then()
                .statusCode(200).extract().asString().split("\r\n");
        List<String> header = List.of(report[0].split(","));
        List<String> row = List.of(report[1].split(",", -1));
        assertThat(row.get(header.indexOf("firstAccessAt"))).isEqualTo("2026-05-20T00:00:00Z");
        assertThat(row.get(header.indexOf("lastRecordedAccessAt"))).isEqualTo("2026-05-25T00:00:00Z");
        assertThat(row.get(header.indexOf("usersAffected"))).isEqualTo("4");
        assertThat(row.get(header.indexOf("revokedAt"))).isEmpty();
        assertThat(row.get(header.indexOf("findings"))).isEqualTo("ACCESS_AFTER_DELETION;NOT_REVOKED");

        // Once both apps are revoked, the case shows when.
        revocations(campaign, List.of(revocation("app-1", "2026-05-30T00:00:00Z", null),
                revocation("app-2", "2026-05-31T12:00:00Z", "NO_ACCESS"))).statusCode(200);
        manager().get("/api/v1/cases/{id}", caseId).then().body("revokedAt", equalTo("2026-05-31T12:00:00Z"));
    }

    @Test
    void a_resent_day_replaces_the_earlier_figures() {
        String campaign = draft("replace", Map.of(), "dev-1,Dev One,one@example.com,,app-1,");
        records(campaign, "app-1,2026-01-01,1,1\napp-1,2026-01-02,2,2\napp-1,2026-01-03,3,3\n").statusCode(200)
                .body("created", equalTo(3));
        records(campaign, "app-1,2026-01-01,1,1\napp-1,2026-01-02,20,2\napp-1,2026-01-04,4,4\n").statusCode(200)
                .body("created", equalTo(1)).body("replaced", equalTo(1)).body("unchanged", equalTo(1));
        assertThat(count("SELECT calls FROM dr_access_record WHERE campaign_id = ?::uuid AND day = '2026-01-02'",
                campaign)).isEqualTo(20);
        assertThat(recordRows(campaign)).isEqualTo(4);
        // JSON works the same.
        manager().contentType(ContentType.JSON).body(List.of(Map.of("appId", "app-1", "day", "2026-01-05",
                "calls", 5, "usersAffected", 5))).post("/api/v1/campaigns/{id}/access-records", campaign).then()
                .statusCode(200).body("created", equalTo(1));
    }

    @Test
    void every_bad_row_is_reported_and_nothing_is_stored() {
        String campaign = draft("bad records", Map.of(), "dev-1,Dev One,one@example.com,,app-1;shared,",
                "dev-2,Dev Two,two@example.com,,app-2;shared,");
        records(campaign, "app-1,2026-01-01,1,1\n").statusCode(200);
        records(campaign, """
                app-1,2026-01-02,5,5
                nobody,2026-01-02,1,1
                shared,2026-01-02,1,1
                app-2,2026-13-01,1,1
                app-2,2026-06-02,1,1
                app-2,2026-01-03,-1,1
                app-2,2026-01-04,1,lots
                app-1,2026-01-02,6,6
                app-2,2026-01-05,1
                """).statusCode(400).body("type", equalTo("urn:datarecall:problem:import-rejected"))
                .body("errors", hasSize(8))
                .body("errors.row", equalTo(List.of(3, 4, 5, 6, 7, 8, 9, 10)))
                .body("errors.column", equalTo(java.util.Arrays.asList("appId", "appId", "day", "day", "calls",
                        "usersAffected", "day", null)))
                .body("errors[0].message", equalTo("belongs to no case of this campaign"))
                .body("errors[1].message", equalTo("belongs to 2 cases of this campaign; it must belong to one"))
                .body("errors[3].message", equalTo("is in the future (today is 2026-06-01 UTC)"))
                .body("errors[6].message", equalTo("repeats the appId and day of row 2"));
        assertThat(recordRows(campaign)).as("the first upload only").isEqualTo(1);
        // A duplicate alone (no other fault) is found too, and nothing of that upload stays.
        records(campaign, "app-2,2026-01-06,1,1\napp-2,2026-01-06,2,2\n").statusCode(400)
                .body("errors[0].row", equalTo(3)).body("errors[0].message", equalTo("repeats the appId and day of row 2"));
        assertThat(recordRows(campaign)).isEqualTo(1);
        // A line of a hundred thousand fields is refused as one bad row, at once.
        records(campaign, "app-1," + ",".repeat(100_000) + "\n").statusCode(400)
                .body("errors[0].message", equalTo("has more than 100 fields"));
        manager().contentType("text/csv").body("appId,day\n").post("/api/v1/campaigns/{id}/access-records", campaign)
                .then().statusCode(400).body("errors.column", equalTo(List.of("calls", "usersAffected")));
        Api.as("viewer").contentType("text/csv").body(HEADER).post("/api/v1/campaigns/{id}/access-records", campaign)
                .then().statusCode(403);
    }

    @Test
    void bad_revocations_are_refused_whole_and_a_launched_campaign_names_apps_never_revoked() {
        String campaign = PortalFixture.launched(sweep, sender, "revocations", Map.of(),
                "dev-1,Dev One,one@example.com,,app-1;app-2,", "dev-2,Dev Two,two@example.com,,app-3,");
        Map<String, Object> noMechanism = revocation("app-1", "2026-05-01T00:00:00Z", null);
        noMechanism.remove("mechanism");
        Map<String, Object> badProbe = revocation("app-2", "2026-05-01T00:00:00Z", "MAYBE");
        revocations(campaign, List.of(revocation("nobody", "2026-05-01T00:00:00Z", null),
                revocation("app-3", "2026-07-01T00:00:00Z", null), noMechanism, badProbe,
                revocation("app-3", "2026-05-01T00:00:00Z", null))).statusCode(400)
                .body("errors.row", equalTo(List.of(1, 2, 3, 4)))
                .body("errors.column", equalTo(List.of("appId", "revokedAt", "mechanism", "probeResult")))
                .body("errorCount", equalTo(4));
        assertThat(count("SELECT count(*) FROM dr_revocation WHERE campaign_id = ?::uuid", campaign)).isZero();
        assertThat(count("SELECT count(*) FROM dr_case_event WHERE campaign_id = ?::uuid AND type = 'ACCESS_REVOKED'",
                campaign)).isZero();
        // More rows at fault than an answer lists: the first 1,000 are listed, every one is counted.
        List<Map<String, Object>> unknown = new ArrayList<>();
        for (int i = 0; i < 1002; i++) {
            unknown.add(revocation("nobody-" + i, "2026-05-01T00:00:00Z", null));
        }
        revocations(campaign, unknown).statusCode(400).body("errors", hasSize(1000)).body("errorCount", equalTo(1002));

        revocations(campaign, List.of(revocation("app-1", "2026-05-01T00:00:00Z", null),
                revocation("app-2", "2026-05-01T00:00:00Z", "ACCESS"))).statusCode(200).body("recorded", equalTo(2));
        String one = caseOf(campaign, "dev-1");
        String two = caseOf(campaign, "dev-2");
        manager().get("/api/v1/cases/{id}/events", one).then()
                .body("items.findAll { it.type == 'ACCESS_REVOKED' }.data.appId", equalTo(List.of("app-1", "app-2")));
        manager().get("/api/v1/cases/{id}", one).then().body("findings", equalTo(List.of("ACCESS_AFTER_REVOCATION")))
                .body("state", equalTo("DELETION_REQUESTED"));
        manager().get("/api/v1/cases/{id}", two).then().body("findings", equalTo(List.of("NOT_REVOKED")))
                .body("revokedAt", nullValue());
        manager().queryParam("finding", "any").get("/api/v1/campaigns/{id}/cases", campaign).then()
                .body("items", hasSize(2));
        manager().queryParam("finding", "SOMETHING").get("/api/v1/campaigns/{id}/cases", campaign).then()
                .statusCode(400).body("violations[0].field", equalTo("finding"));
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().body("verified", equalTo(true));
    }

    @Test
    void a_high_case_must_attach_the_files_its_rules_ask_for_and_a_standard_one_need_not() throws Exception {
        String campaign = PortalFixture.launched(sweep, sender, "high evidence",
                Map.of("highRisk", Map.of("attestationWindow", "P10D")),
                "high,High One,high@example.com,,app-h,2026-03-20T00:00:00Z", "low,Low One,low@example.com,,app-l,");
        String high = caseOf(campaign, "high");
        String highToken = PortalFixture.tokenFrom(high, "DELETION_REQUEST");
        PortalFixture.submit(highToken, PortalFixture.validAttestation()).then().statusCode(400)
                .body("violations.field", equalTo(List.of("evidence")));
        manager().get("/api/v1/cases/{id}", high).then().body("state", equalTo("DELETION_REQUESTED"));

        String evidenceId = PortalFixture.developer(highToken).contentType("text/plain").header("X-Filename", "log.txt")
                .body("rows deleted: 1204\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/portal/evidence").then().statusCode(201).extract().path("evidenceId");
        Map<String, Object> withFile = new HashMap<>(PortalFixture.validAttestation());
        withFile.put("evidence", List.of(evidenceId));
        PortalFixture.submit(highToken, withFile).then().statusCode(201);
        PortalFixture.submit(PortalFixture.tokenFrom(caseOf(campaign, "low"), "DELETION_REQUEST"),
                PortalFixture.validAttestation()).then().statusCode(201);
    }
}
