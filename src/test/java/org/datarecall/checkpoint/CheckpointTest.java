package org.datarecall.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.as;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.datarecall.evidence.MerkleTree;
import org.datarecall.testing.Cases;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.TestDatabases;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** Signed checkpoints: taken, published, verified with the public key, mailed, and compared by the integrity check. */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class CheckpointTest extends WorkflowTest {

    @Inject
    CheckpointSchedule schedule;

    @Inject
    DataSource dataSource;

    @Inject
    Cases cases;

    private String campaignWithCases(String title) {
        String campaign = createCampaign(title);
        importCsv(campaign, "a-dev,A,a@example.com,,,", "b-dev,B,b@example.com,,,", "c-dev,C,c@example.com,,,");
        cases.toDeletionRequested(caseOf(campaign, "b-dev"));
        return campaign;
    }

    private static JsonPath take(String campaign) {
        return manager().post("/api/v1/campaigns/{id}/checkpoints", campaign).then().statusCode(201).extract()
                .jsonPath();
    }

    /** The root recomputed here from the heads as stored, in the database's case-id order. */
    private byte[] rootOfHeads(String campaign) throws Exception {
        MerkleTree.Builder tree = new MerkleTree.Builder();
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(
                "SELECT id, event_count, last_event_hash FROM dr_case WHERE campaign_id = ? ORDER BY id")) {
            ps.setObject(1, UUID.fromString(campaign));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tree.addLeafInput(MerkleTree.headLeaf(rs.getObject(1, UUID.class), rs.getInt(2), rs.getBytes(3)));
                }
            }
        }
        return tree.root();
    }

    private static boolean verifies(JsonPath checkpoint) throws Exception {
        JsonPath keys = RestAssured.given().get("/.well-known/datarecall-keys").then().statusCode(200).extract()
                .jsonPath();
        String publicKey = keys.getString("keys.find { it.keyId == '" + checkpoint.getString("keyId") + "' }.publicKey");
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))));
        signature.update(checkpoint.getString("document").getBytes(StandardCharsets.UTF_8));
        return signature.verify(Base64.getDecoder().decode(checkpoint.getString("signature")));
    }

    @Test
    void a_manager_takes_a_checkpoint_that_anyone_verifies_with_the_published_key() throws Exception {
        String campaign = campaignWithCases("checkpoint on demand");
        JsonPath checkpoint = take(campaign);

        assertThat(checkpoint.getLong("cases")).isEqualTo(3);
        assertThat(checkpoint.getLong("events")).isEqualTo(Sql.count(dataSource,
                "SELECT sum(event_count) FROM dr_case WHERE campaign_id = ?::uuid", campaign));
        assertThat(checkpoint.getString("root")).isEqualTo(HexFormat.of().formatHex(rootOfHeads(campaign)));
        assertThat(checkpoint.getString("requestedBy")).isEqualTo("manager");
        assertThat(checkpoint.getString("document")).isEqualTo("{\"campaignId\":\"" + campaign + "\",\"root\":\""
                + checkpoint.getString("root") + "\",\"cases\":3,\"events\":" + checkpoint.getLong("events")
                + ",\"at\":\"" + checkpoint.getString("at") + "\",\"keyId\":\"" + checkpoint.getString("keyId") + "\"}");
        assertThat(verifies(checkpoint)).isTrue();

        as("viewer").get("/api/v1/campaigns/{id}/checkpoints", campaign).then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].id", equalTo(checkpoint.getString("id")));
        RestAssured.given().get("/api/v1/campaigns/{id}/checkpoints", campaign).then().statusCode(401);
        as("viewer").post("/api/v1/campaigns/{id}/checkpoints", campaign).then().statusCode(403);
        as("auditor").post("/api/v1/campaigns/{id}/checkpoints", campaign).then().statusCode(403);
        manager().post("/api/v1/campaigns/{id}/checkpoints", UUID.randomUUID()).then().statusCode(404);
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_checkpoint WHERE campaign_id = ?::uuid", campaign))
                .isOne();

        // The witnesses get a copy outside the database, with the signed document attached.
        sender.sendDue();
        MimeMessage mail = SmtpServer.received().stream()
                .filter(m -> checkpoint.getString("id").equals(SmtpServer.header(m, "X-DataRecall-Checkpoint")))
                .findFirst().orElseThrow();
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("witness@example.org");
        assertThat(SmtpServer.header(mail, "X-DataRecall-Notice")).isEqualTo("CHECKPOINT");
        assertThat(SmtpServer.text(mail)).contains(checkpoint.getString("root"));
        String attached = attachment(mail);
        assertThat(JsonPath.from(attached).getString("document")).isEqualTo(checkpoint.getString("document"));
        assertThat(JsonPath.from(attached).getString("signature")).isEqualTo(checkpoint.getString("signature"));
    }

    private static String attachment(MimeMessage mail) throws Exception {
        Multipart multipart = (Multipart) mail.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            Part part = multipart.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no attachment");
    }

    @Test
    void every_replica_running_the_schedule_at_once_takes_one_checkpoint_per_interval() throws Exception {
        String campaign = campaignWithCases("scheduled checkpoints");
        Instant slot = Instant.parse("2030-01-01T10:00:00Z");
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Integer> run = () -> schedule.runOnce(slot.plusSeconds(60));
                runs.add(replicas.submit(run));
            }
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            replicas.shutdown();
        }
        assertThat(checkpoints(campaign)).isOne();
        schedule.runOnce(slot.plusSeconds(120));
        assertThat(checkpoints(campaign)).as("the same interval again").isOne();
        schedule.runOnce(slot.plus(Duration.ofHours(1)));
        assertThat(checkpoints(campaign)).as("a new interval, but no new event").isOne();

        cases.toDeletionRequested(caseOf(campaign, "a-dev"));
        schedule.runOnce(slot.plus(Duration.ofHours(2)));
        assertThat(checkpoints(campaign)).as("new events in a new interval").isEqualTo(2);
        JsonPath latest = as("viewer").get("/api/v1/campaigns/{id}/checkpoints", campaign).then().extract().jsonPath();
        assertThat(latest.getString("items[0].requestedBy")).isEqualTo("SCHEDULED");
        assertThat(latest.getString("items[0].root")).isEqualTo(HexFormat.of().formatHex(rootOfHeads(campaign)));
        sender.sendDue();
    }

    @Test
    void a_replica_that_fails_mid_checkpoint_leaves_the_interval_to_the_next_try() throws Exception {
        String campaign = campaignWithCases("checkpoint after a crash");
        Instant slot = Instant.parse("2031-05-01T10:00:00Z");
        // The checkpoint's insert fails after the interval was claimed, as a replica dying mid-way would.
        asOwner("CREATE FUNCTION dr_test_refuse_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'refused for the test'; END $$",
                "CREATE TRIGGER dr_test_refuse_checkpoint BEFORE INSERT ON dr_checkpoint FOR EACH ROW WHEN "
                        + "(NEW.campaign_id = '" + campaign + "') EXECUTE FUNCTION dr_test_refuse_checkpoint()");
        try {
            schedule.runOnce(slot);
            assertThat(checkpoints(campaign)).isZero();
            assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_checkpoint_claim WHERE campaign_id = ?::uuid",
                    campaign)).as("the claim rolled back with the checkpoint").isZero();
        } finally {
            asOwner("DROP TRIGGER dr_test_refuse_checkpoint ON dr_checkpoint",
                    "DROP FUNCTION dr_test_refuse_checkpoint()");
        }
        schedule.runOnce(slot.plusSeconds(30));
        assertThat(checkpoints(campaign)).as("the same interval, taken by the next try").isOne();
        sender.sendDue();
    }

    private long checkpoints(String campaign) {
        return Sql.count(dataSource, "SELECT count(*) FROM dr_checkpoint WHERE campaign_id = ?::uuid", campaign);
    }

    @Test
    void two_managers_asking_at_once_get_two_complete_checkpoints() throws Exception {
        String campaign = campaignWithCases("checkpoints at once");
        ExecutorService managers = Executors.newFixedThreadPool(2);
        try {
            Future<JsonPath> first = managers.submit(() -> take(campaign));
            Future<JsonPath> second = managers.submit(() -> take(campaign));
            assertThat(verifies(first.get())).isTrue();
            assertThat(verifies(second.get())).isTrue();
            assertThat(first.get().getString("root")).isEqualTo(second.get().getString("root"));
        } finally {
            managers.shutdown();
        }
        assertThat(checkpoints(campaign)).isEqualTo(2);
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(true)).body("checkpoint.signatureValid", equalTo(true));
        sender.sendDue();
    }

    @Test
    void a_history_rewritten_by_the_owner_with_every_hash_recomputed_is_caught_by_the_checkpoint() throws Exception {
        String campaign = campaignWithCases("rewritten with care");
        String target = caseOf(campaign, "b-dev");
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(true)).body("checkpoint", nullValue());
        String checkpointId = take(campaign).getString("id");
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(true)).body("checkpoint.id", equalTo(checkpointId))
                .body("checkpoint.signatureValid", equalTo(true));

        // The owner switches the guard off, changes an event and recomputes the chain from it on:
        // every hash and link recomputes, so the chains alone would say nothing is wrong.
        asOwner("ALTER TABLE dr_case_event DISABLE TRIGGER dr_case_event_append_only",
                "UPDATE dr_case_event SET data = '{\"forged\":true}' WHERE case_id = '" + target + "' AND seq = 2",
                """
                DO $$
                DECLARE r record; prev bytea := '\\x%s'::bytea; h bytea;
                BEGIN
                  FOR r IN SELECT * FROM dr_case_event WHERE case_id = '%s' ORDER BY seq LOOP
                    h := dr_event_hash(prev, r.case_id, r.seq, r.type, r.from_state, r.to_state, r.actor, r.at, r.data);
                    UPDATE dr_case_event SET prev_hash = prev, hash = h
                    WHERE campaign_id = r.campaign_id AND case_id = r.case_id AND seq = r.seq;
                    prev := h;
                  END LOOP;
                  UPDATE dr_case SET last_event_hash = prev WHERE id = '%s';
                END $$
                """.formatted("00".repeat(32), target, target),
                "ALTER TABLE dr_case_event ENABLE TRIGGER dr_case_event_append_only");

        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(false))
                .body("firstBrokenEvent.caseId", equalTo(target))
                .body("firstBrokenEvent.seq", equalTo(3))
                .body("firstBrokenEvent.reason", equalTo("CHECKPOINT_MISMATCH"))
                .body("checkpoint.signatureValid", equalTo(true));
    }

    @Test
    void heads_pointed_back_at_an_older_checkpoint_are_reported() throws Exception {
        String campaign = campaignWithCases("heads pointed back");
        String older = take(campaign).getString("id");
        cases.toDeletionRequested(caseOf(campaign, "a-dev"));
        take(campaign);
        // The runtime role may replace the kept heads (each checkpoint does); pointing them back at an older
        // checkpoint would leave everything after it unchecked.
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.executeUpdate("UPDATE dr_checkpoint_heads SET checkpoint_id = '" + older + "' WHERE campaign_id = '"
                    + campaign + "'");
        }
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(false))
                .body("firstBrokenEvent.reason", equalTo("CHECKPOINT_MISMATCH"))
                .body("checkpoint.id", equalTo(older));
        sender.sendDue();
    }

    @Test
    void a_forged_checkpoint_signature_is_reported() throws Exception {
        String campaign = campaignWithCases("forged signature");
        String checkpointId = take(campaign).getString("id");
        asOwner("ALTER TABLE dr_checkpoint DISABLE TRIGGER dr_checkpoint_append_only",
                "UPDATE dr_checkpoint SET signature = decode('" + "11".repeat(64) + "', 'hex') WHERE id = '"
                        + checkpointId + "'",
                "ALTER TABLE dr_checkpoint ENABLE TRIGGER dr_checkpoint_append_only");
        manager().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(false))
                .body("firstBrokenEvent.reason", equalTo("CHECKPOINT_SIGNATURE"))
                .body("checkpoint.signatureValid", equalTo(false));
    }

    @Test
    void checkpoints_cannot_be_changed_or_removed() throws Exception {
        String campaign = campaignWithCases("insert-only checkpoints");
        String checkpointId = take(campaign).getString("id");
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            for (String sql : List.of("UPDATE dr_checkpoint SET cases = 0 WHERE id = '" + checkpointId + "'",
                    "DELETE FROM dr_checkpoint WHERE id = '" + checkpointId + "'", "TRUNCATE dr_checkpoint CASCADE")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute(sql)).as(sql)
                        .isInstanceOf(java.sql.SQLException.class);
            }
        }
        assertThat(checkpoints(campaign)).isOne();
        sender.sendDue();
    }

    /** Statements run as the tables' owner, who can switch guards off: the attacker these tests play. */
    private static void asOwner(String... statements) throws Exception {
        try (Connection con = DriverManager.getConnection(TestDatabases.testUrl(), "datarecall", "datarecall");
                Statement st = con.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
