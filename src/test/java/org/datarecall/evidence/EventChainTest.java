package org.datarecall.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.testing.Cases;
import org.datarecall.testing.ClockedTest;
import org.datarecall.testing.OwnerDatabase;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

@QuarkusTest
class EventChainTest extends ClockedTest {

    @Inject
    DataSource dataSource;

    @Inject
    Cases cases;

    @Test
    void anyone_can_recompute_each_hash_from_the_documented_canonical_form() throws Exception {
        String campaign = createCampaign("canonical form");
        importCsv(campaign, "dev-1,Dev One,one@example.com,cc@example.com,app-1,2026-03-01T12:30:00.123456Z");
        String caseId = caseOf(campaign, "dev-1");
        cases.toDeletionRequested(caseId);
        manager().contentType(ContentType.JSON).body(Map.of("reason", "Ünïcode, \"quotes\" and | pipes"))
                .post("/api/v1/cases/{id}/actions/escalate", caseId).then().statusCode(200);

        // The events as the API gives them, read back raw so that data is the exact stored JSON text.
        List<Map<String, Object>> events = manager().get("/api/v1/cases/{id}/events", caseId).then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(events).hasSize(4);
        String previous = "0".repeat(64);
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> e = events.get(i);
            String data = storedData(caseId, (Integer) e.get("seq"));
            assertThat(JsonPath.from(data).getMap("")).isEqualTo(e.get("data"));
            Instant at = Instant.parse((String) e.get("at"));
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
            String canonical = String.join("\n", previous, caseId, String.valueOf(e.get("seq")), (String) e.get("type"),
                    e.get("fromState") == null ? "" : (String) e.get("fromState"), (String) e.get("toState"),
                    (String) e.get("actor"), Long.toString(micros), data);
            String expected = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
            assertThat(e.get("prevHash")).isEqualTo(previous);
            assertThat(e.get("hash")).as("event %d", i + 1).isEqualTo(expected);
            previous = expected;
        }
    }

    @Test
    void the_event_table_refuses_updates_deletes_and_truncation() throws Exception {
        String campaign = createCampaign("append only");
        importCsv(campaign, "dev-1,Dev One,one@example.com,,,");
        UUID caseId = UUID.fromString(caseOf(campaign, "dev-1"));
        // The service's own role may not even try (RuntimeRoleTest); the triggers refuse the owner too.
        try (Connection con = OwnerDatabase.connect(); Statement st = con.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate(
                    "UPDATE dr_case_event SET actor = 'mallory' WHERE case_id = '" + caseId + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM dr_case_event WHERE case_id = '" + caseId + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("TRUNCATE dr_case_event CASCADE"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().body("verified", equalTo(true));
    }

    @Test
    void campaigns_cases_and_developer_links_are_never_deleted() throws Exception {
        String campaign = createCampaign("never deleted");
        importCsv(campaign, "dev-1,Dev One,one@example.com,,,");
        UUID caseId = UUID.fromString(caseOf(campaign, "dev-1"));
        try (Connection con = OwnerDatabase.connect(); Statement st = con.createStatement()) {
            st.executeUpdate("INSERT INTO dr_token (id, token_hash, case_id, round, created_at, expires_at) VALUES "
                    + "(gen_random_uuid(), sha256(gen_random_uuid()::text::bytea), '" + caseId + "', 1, now(), now())");
            for (String sql : List.of("DELETE FROM dr_token WHERE case_id = '" + caseId + "'",
                    "TRUNCATE dr_token CASCADE", "DELETE FROM dr_case WHERE id = '" + caseId + "'",
                    "DELETE FROM dr_campaign WHERE id = '" + campaign + "'")) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("never deleted");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM dr_token WHERE case_id = '" + caseId + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).isOne();
            }
        }
    }

    @Test
    void a_changed_event_is_named_by_the_integrity_check() throws Exception {
        String campaign = createCampaign("tampered content");
        importCsv(campaign, "a-dev,A,a@example.com,,,", "b-dev,B,b@example.com,,,", "c-dev,C,c@example.com,,,");
        String target = caseOf(campaign, "b-dev");
        cases.toDeletionRequested(target);
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(true)).body("eventsChecked", equalTo(5))
                .body("firstBrokenEvent", nullValue());

        // Someone with the table owner's rights switches the guard off and rewrites history.
        asOwnerWithoutGuard("UPDATE dr_case_event SET data = '{\"round\":1,\"dueAt\":\"2099-01-01T00:00:00Z\"}' "
                + "WHERE case_id = '" + target + "' AND seq = 3");

        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(false))
                .body("eventsChecked", equalTo(5))
                .body("firstBrokenEvent.caseId", equalTo(target))
                .body("firstBrokenEvent.seq", equalTo(3));
    }

    @Test
    void events_removed_from_the_end_of_a_chain_are_detected() throws Exception {
        String campaign = createCampaign("tampered tail");
        importCsv(campaign, "a-dev,A,a@example.com,,,", "b-dev,B,b@example.com,,,");
        String target = caseOf(campaign, "a-dev");
        cases.toDeletionRequested(target);
        asOwnerWithoutGuard("DELETE FROM dr_case_event WHERE case_id = '" + target + "' AND seq = 3");
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then()
                .body("verified", equalTo(false))
                .body("firstBrokenEvent.caseId", equalTo(target))
                .body("firstBrokenEvent.seq", equalTo(2));

        String other = caseOf(campaign, "b-dev");
        asOwnerWithoutGuard("DELETE FROM dr_case_event WHERE case_id = '" + other + "'");
        asOwnerWithoutGuard("DELETE FROM dr_case_event WHERE case_id = '" + target + "'");
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then()
                .body("verified", equalTo(false))
                .body("eventsChecked", equalTo(0))
                .body("firstBrokenEvent.seq", equalTo(1));
    }

    @Test
    void the_report_has_one_row_per_case_with_its_milestones() {
        String campaign = createCampaign("report");
        importCsv(campaign, "a-dev,\"=HYPERLINK(\"\"x\"\")\",a@example.com,,,", "b-dev,\"B, Ltd\",b@example.com,,,");
        cases.toDeletionRequested(caseOf(campaign, "b-dev"));
        String csv = manager().accept("text/csv").get("/api/v1/campaigns/{id}/report.csv", campaign)
                .then().statusCode(200).contentType("text/csv").extract().asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("caseId,developerId,name,email,riskTier,state,round,dueAt,notifiedAt,"
                + "deletionRequestedAt,attestedAt,verifiedAt,verificationBasis,remindersSent,escalatedAt,firstAccessAt,"
                + "lastRecordedAccessAt,usersAffected,revokedAt,findings");
        assertThat(lines[1]).contains(",a-dev,\"'=HYPERLINK(\"\"x\"\")\",a@example.com,STANDARD,PENDING,0,");
        assertThat(lines[2]).contains(",b-dev,\"B, Ltd\",b@example.com,STANDARD,DELETION_REQUESTED,1,");
        String[] b = lines[2].split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        assertThat(b[8]).isNotEmpty();
        assertThat(b[9]).isNotEmpty();
        assertThat(b[13]).isEqualTo("0");
    }

    @Test
    void the_report_gives_every_time_as_the_api_does() {
        String campaign = createCampaign("report times");
        importCsv(campaign, "t-dev,T,t@example.com,,,");
        String caseId = caseOf(campaign, "t-dev");
        // Fractions that print differently as text: microseconds, whole milliseconds, none at all.
        clock.set(Instant.parse("2026-06-01T09:00:00.001194Z"));
        cases.apply(caseId, new CaseCommand.Notify());
        clock.set(Instant.parse("2026-06-01T09:30:00.120Z"));
        cases.apply(caseId, new CaseCommand.RequestDeletion());
        clock.set(Instant.parse("2026-06-20T10:00:00Z"));
        cases.apply(caseId, new CaseCommand.Escalate("silent"));
        clock.set(Instant.parse("2026-06-21T11:15:30.5Z"));
        cases.apply(caseId, new CaseCommand.SubmitAttestation(UUID.randomUUID().toString(), "ab".repeat(32)));
        clock.set(Instant.parse("2026-06-21T11:15:30.999999Z"));
        cases.apply(caseId, new CaseCommand.RouteAttestation(false, "test"));

        String dueAt = manager().get("/api/v1/cases/{id}", caseId).then().statusCode(200).extract().path("dueAt");
        List<Map<String, Object>> events = manager().get("/api/v1/cases/{id}/events", caseId).then().statusCode(200)
                .extract().jsonPath().getList("items");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("dueAt", dueAt);
        expected.put("notifiedAt", at(events, "NOTIFIED", null));
        expected.put("deletionRequestedAt", at(events, "DELETION_REQUESTED", null));
        expected.put("attestedAt", at(events, "ATTESTATION_RECEIVED", null));
        expected.put("verifiedAt", at(events, null, "VERIFIED"));
        expected.put("escalatedAt", at(events, null, "ESCALATED"));
        assertThat(expected.values()).doesNotContainNull();

        String csv = manager().accept("text/csv").get("/api/v1/campaigns/{id}/report.csv", campaign)
                .then().statusCode(200).extract().asString();
        String[] lines = csv.split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        List<String> row = List.of(lines[1].split(",", -1));
        for (Map.Entry<String, String> column : expected.entrySet()) {
            String cell = row.get(header.indexOf(column.getKey()));
            assertThat(Instant.parse(cell)).as(column.getKey()).isEqualTo(Instant.parse(column.getValue()));
            assertThat(cell).as(column.getKey()).isEqualTo(column.getValue());
        }
    }

    /** The time of the first event of a type, or of the first that enters a state, as the API writes it. */
    private static String at(List<Map<String, Object>> events, String type, String toState) {
        return events.stream().filter(e -> type == null || type.equals(e.get("type")))
                .filter(e -> toState == null || toState.equals(e.get("toState")))
                .map(e -> (String) e.get("at")).findFirst().orElse(null);
    }

    private String storedData(String caseId, int seq) throws SQLException {
        try (Connection con = dataSource.getConnection();
                PreparedStatement ps = con.prepareStatement(
                        "SELECT data FROM dr_case_event WHERE case_id = ? AND seq = ?")) {
            ps.setObject(1, UUID.fromString(caseId));
            ps.setInt(2, seq);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void asOwnerWithoutGuard(String sql) throws SQLException {
        try (Connection con = OwnerDatabase.connect(); Statement st = con.createStatement()) {
            st.execute("ALTER TABLE dr_case_event DISABLE TRIGGER dr_case_event_append_only");
            try {
                st.execute(sql);
            } finally {
                st.execute("ALTER TABLE dr_case_event ENABLE TRIGGER dr_case_event_append_only");
            }
        }
    }
}
