package org.datarecall.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

@QuarkusTest
class DeveloperImportTest {

    static final String HEADER = "developerId,name,email,ccEmails,appIds,lastAccessAt\n";

    @Inject
    DataSource dataSource;

    @Test
    void a_csv_upload_creates_one_pending_case_per_developer_with_its_risk_tier() {
        String id = createCampaign("csv import");
        Map<String, Object> result = importCsv(id,
                "dev-1,Dev One,one@example.com,legal@example.com; cto@example.com,app-1;app-2,2026-03-15T08:00:00Z",
                "\"dev-2\",\"Two, Inc.\",two@example.com,,,",
                "dev-3,\"Three \"\"Q\"\" Ltd\",three@example.com,,app-3,2025-06-01T00:00:00Z");
        assertThat(result).isEqualTo(Map.of("created", 3, "updated", 0, "unchanged", 0));

        manager().get("/api/v1/campaigns/{id}/cases", id).then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.developer.developerId", equalTo(List.of("dev-1", "dev-2", "dev-3")))
                .body("items[0].developer.ccEmails", equalTo(List.of("legal@example.com", "cto@example.com")))
                .body("items[0].developer.appIds", equalTo(List.of("app-1", "app-2")))
                .body("items[0].developer.lastAccessAt", equalTo("2026-03-15T08:00:00Z"))
                .body("items[0].riskTier", equalTo("HIGH"))
                .body("items[1].developer.name", equalTo("Two, Inc."))
                .body("items[1].riskTier", equalTo("STANDARD"))
                .body("items[2].developer.name", equalTo("Three \"Q\" Ltd"))
                .body("items.state", equalTo(List.of("PENDING", "PENDING", "PENDING")))
                .body("items[0].round", equalTo(0))
                .body("items[0].version", equalTo(1));
    }

    @Test
    void a_json_array_upload_works_the_same_way() {
        String id = createCampaign("json import");
        List<Map<String, Object>> body = List.of(
                Map.of("developerId", "j-1", "name", "Jay", "email", "jay@example.com",
                        "ccEmails", List.of("cc@example.com"), "appIds", List.of("a1"), "lastAccessAt",
                        "2026-03-01T00:00:00Z"),
                Map.of("developerId", "j-2", "name", "Kay", "email", "kay@example.com"));
        manager().contentType(ContentType.JSON).body(body).post("/api/v1/campaigns/{id}/developers", id)
                .then().statusCode(200).body("created", equalTo(2));
        manager().get("/api/v1/campaigns/{id}/summary", id).then().body("total", equalTo(2))
                .body("highRisk", equalTo(1));
    }

    @Test
    void re_importing_updates_changed_contacts_and_counts_the_unchanged() {
        String id = createCampaign("re-import");
        importCsv(id, "dev-1,Dev One,one@example.com,,,", "dev-2,Dev Two,two@example.com,,,");
        Map<String, Object> again = importCsv(id,
                "dev-1,Dev One,new-one@example.com,,,",
                "dev-2,Dev Two,two@example.com,,,",
                "dev-3,Dev Three,three@example.com,,,");
        assertThat(again).isEqualTo(Map.of("created", 1, "updated", 1, "unchanged", 1));
        String caseId = org.datarecall.testing.Api.caseOf(id, "dev-1");
        manager().get("/api/v1/cases/{id}", caseId).then()
                .body("developer.email", equalTo("new-one@example.com")).body("version", equalTo(2));
        manager().get("/api/v1/cases/{id}/events", caseId).then()
                .body("items.type", equalTo(List.of("CASE_OPENED", "DEVELOPER_UPDATED")))
                .body("items[1].data.email", equalTo("new-one@example.com"))
                .body("items[1].actor", equalTo("manager"));
        manager().get("/api/v1/campaigns/{id}/integrity", id).then().body("verified", equalTo(true))
                .body("eventsChecked", equalTo(4));
    }

    @Test
    void one_bad_row_rejects_the_whole_upload_and_every_bad_row_is_listed() {
        String id = createCampaign("all or nothing");
        String csv = HEADER
                + "dev-1,Dev One,one@example.com,,,\n"
                + ",No Id,noid@example.com,,,\n"
                + "dev-3,Dev Three,not-an-address,,,\n"
                + "dev-4,Dev Four,four@example.com,bad cc,,\n"
                + "dev-5,Dev Five,five@example.com,,,last tuesday\n"
                + "dev-1,Dev One Again,again@example.com,,,\n"
                + "dev-7,Dev Seven,seven@example.com,,,2999-01-01T00:00:00Z\n"
                + "dev-8,Dev Eight\n"
                + "dev-9,\"Dev \"Nine\",nine@example.com,,,\n";
        ValidatableResponse rejected = manager().contentType("text/csv").body(csv)
                .post("/api/v1/campaigns/{id}/developers", id).then()
                .statusCode(400).contentType("application/problem+json")
                .body("errorCount", equalTo(8));
        rejected.body("errors.row", equalTo(List.of(3, 4, 5, 6, 7, 8, 9, 10)));
        rejected.body("errors.column", equalTo(java.util.Arrays.asList("developerId", "email", "ccEmails",
                "lastAccessAt", "developerId", "lastAccessAt", null, null)));
        rejected.body("errors[4].message", containsString("row 2"));
        assertThat(countCases(id)).isZero();
    }

    /**
     * A spreadsheet saved where the decimal mark is a comma: semicolons between fields, a byte order
     * mark, quoted lists, and dates as the spreadsheet writes them (read as UTC).
     */
    @Test
    void a_spreadsheet_saved_with_semicolons_and_its_own_dates_imports_as_it_shows() {
        String id = createCampaign("semicolon import");
        String csv = "\uFEFFdeveloperId;name;email;ccEmails;appIds;lastAccessAt\r\n"
                + "dev-1;Dev One, Ltd;one@example.com;\"legal@example.com; cto@example.com\";app-1;2026-03-15 08:00\r\n"
                + "dev-2;Dev Two;two@example.com;;;2025-06-01 00:00:00\r\n";
        manager().contentType("text/csv").body(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(200).body("created", equalTo(2));
        manager().get("/api/v1/cases/{id}", org.datarecall.testing.Api.caseOf(id, "dev-1")).then()
                .body("developer.name", equalTo("Dev One, Ltd"))
                .body("developer.ccEmails", equalTo(List.of("legal@example.com", "cto@example.com")))
                .body("developer.lastAccessAt", equalTo("2026-03-15T08:00:00Z"));
        manager().get("/api/v1/campaigns/{id}/summary", id).then().body("highRisk", equalTo(1));

        String tabs = "developerId\tname\temail\tccEmails\tappIds\tlastAccessAt\ndev-3\tDev; Three\tthree@example.com\t\t\t\n";
        manager().contentType("text/csv").body(tabs).post("/api/v1/campaigns/{id}/developers", id).then()
                .statusCode(200).body("created", equalTo(1));
        assertThat(countCases(id)).isEqualTo(3);
    }

    /** The template staff can download is a file the import takes as it is. */
    @Test
    void the_template_imports_as_it_is() {
        byte[] template = manager().accept("text/csv").get("/api/v1/campaigns/developers-template.csv").then()
                .statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", containsString("developers-template.csv")).extract().asByteArray();
        String id = createCampaign("template import");
        manager().contentType("text/csv").body(template).post("/api/v1/campaigns/{id}/developers", id).then()
                .statusCode(200).body("created", equalTo(2));
        manager().get("/api/v1/cases/{id}", org.datarecall.testing.Api.caseOf(id, "dev-1002")).then()
                .body("developer.name", equalTo("Beispiel, GmbH")).body("developer.locale", equalTo("de"));
        io.restassured.RestAssured.given().get("/api/v1/campaigns/developers-template.csv").then().statusCode(401);
    }

    /** Rows written with another separator than the header's are row errors, and nothing is imported. */
    @Test
    void rows_with_another_separator_than_the_header_are_refused_by_row() {
        String id = createCampaign("mixed separators");
        String csv = "developerId;name;email;ccEmails;appIds;lastAccessAt\n"
                + "dev-1;Dev One;one@example.com;;;\n"
                + "dev-2,Dev Two,two@example.com,,,\n"
                + "dev-3;Dev Three;three@example.com;;;01/03/2026 12:00\n";
        manager().contentType("text/csv").body(csv).post("/api/v1/campaigns/{id}/developers", id).then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.row", equalTo(List.of(3, 4)))
                .body("errors[1].column", equalTo("lastAccessAt"));
        assertThat(countCases(id)).isZero();
    }

    @Test
    void a_wrong_header_is_refused_with_the_column_named() {
        String id = createCampaign("bad header");
        manager().contentType("text/csv").body("developerId,name,mail,ccEmails,appIds,lastAccessAt\nd,n,e@x.io,,,\n")
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(400)
                .body("errors.column", hasItems("mail", "email"))
                .body("errors[0].row", equalTo(1));
        manager().contentType("text/csv").body("")
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(400);
        assertThat(countCases(id)).isZero();
    }

    @Test
    void bad_json_uploads_are_refused_and_nothing_is_stored() {
        String id = createCampaign("bad json");
        manager().contentType(ContentType.JSON)
                .body("[{\"developerId\":\"a\",\"name\":\"A\",\"email\":\"a@example.com\",\"colour\":\"red\"},"
                        + "{\"developerId\":\"b\",\"name\":7,\"email\":\"b@example.com\",\"ccEmails\":\"c@example.com\"},"
                        + "42]")
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(400)
                .body("errors.row", equalTo(List.of(1, 2, 2, 3)))
                .body("errors.column", equalTo(java.util.Arrays.asList("colour", "name", "ccEmails", null)));
        manager().contentType(ContentType.JSON).body("[{\"developerId\":\"a\"")
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(400)
                .contentType("application/problem+json");
        manager().contentType(ContentType.JSON).body("{\"developerId\":\"a\"}")
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(400);
        assertThat(countCases(id)).isZero();
    }

    @Test
    void only_managers_import_and_only_csv_or_json() {
        String id = createCampaign("import rights");
        as("auditor").contentType("text/csv").body(HEADER).post("/api/v1/campaigns/{id}/developers", id)
                .then().statusCode(403);
        manager().contentType("application/xml").body("<developers/>")
                .post("/api/v1/campaigns/{id}/developers", id).then().statusCode(415)
                .contentType("application/problem+json");
        manager().contentType("text/csv").body(HEADER)
                .post("/api/v1/campaigns/{id}/developers", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void ten_thousand_rows_in_one_upload() {
        String id = createCampaign("bulk");
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 10_000; i++) {
            csv.append("bulk-").append(String.format("%05d", i)).append(",Developer ").append(i).append(",dev")
                    .append(i).append("@example.com,,app-").append(i).append(",2026-03-01T00:00:00Z\n");
        }
        manager().contentType("text/csv").body(csv.toString()).post("/api/v1/campaigns/{id}/developers", id)
                .then().statusCode(200).body("created", equalTo(10_000));
        manager().get("/api/v1/campaigns/{id}/summary", id).then()
                .body("total", equalTo(10_000)).body("byState.PENDING", equalTo(10_000))
                .body("highRisk", equalTo(10_000));
        manager().get("/api/v1/campaigns/{id}/integrity", id).then()
                .body("verified", equalTo(true)).body("eventsChecked", equalTo(10_000));
    }

    private long countCases(String campaignId) {
        try (Connection con = dataSource.getConnection();
                PreparedStatement ps = con.prepareStatement("SELECT count(*) FROM dr_case WHERE campaign_id = ?")) {
            ps.setObject(1, UUID.fromString(campaignId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
