package org.datarecall;

import org.datarecall.testing.FreePorts;
import org.datarecall.testing.OwnerDatabase;
import org.datarecall.testing.ServiceProcesses;
import org.datarecall.testing.TestDatabases;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.internet.MimeMessage;

/**
 * Several replicas of the packaged service — separate JVM processes — on one database and one SMTP
 * server, each running the sweep and the sender every second, as on Kubernetes.
 */
class ReplicasIT {

    static final String DB = TestDatabases.testUrl();
    static final int DEVELOPERS = 2000;
    static GreenMail smtp;
    static final List<Replica> replicas = new ArrayList<>();

    record Replica(Process process, int port, int management) {
        RequestSpecification api() {
            return given().baseUri("http://127.0.0.1").port(port).auth().preemptive().basic("ops", "ops-secret")
                    .contentType("application/json");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(FreePorts.one(), "127.0.0.1", "smtp"));
        smtp.start();
        for (int i = 0; i < 2; i++) {
            // Jobs are left to the replicas of the test that kills one holding a job.
            replicas.add(launch(i, "-Ddatarecall.jobs.poll-interval=off"));
        }
        for (Replica r : replicas) {
            ready(r);
        }
    }

    @AfterAll
    static void stop() {
        replicas.forEach(r -> r.process().destroy());
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void every_case_gets_each_notice_and_each_reminder_exactly_once() throws Exception {
        // A 40-second round: reminders 30 and 20 seconds before the deadline.
        String campaign = campaign(replicas.get(0), "replicas exactly once",
                Map.of("attestationWindow", "PT40S", "reminderOffsets", List.of("-PT30S", "-PT20S"),
                        "escalateAfter", "P1D", "audit", Map.of("mode", "NONE")));
        UUID id = UUID.fromString(campaign);
        // Two notices and two reminders per case, all of them sent.
        waitFor(Duration.ofSeconds(150), () -> count("SELECT count(*) FROM dr_notice WHERE campaign_id = ? "
                + "AND status = 'SENT'", id) == 4L * DEVELOPERS);
        assertThat(count("SELECT count(*) FROM dr_notice WHERE campaign_id = ?", id)).isEqualTo(4L * DEVELOPERS);

        assertThat(count("SELECT count(*) FROM dr_case WHERE campaign_id = ? AND state = 'DELETION_REQUESTED'", id))
                .isEqualTo(DEVELOPERS);
        for (String kind : List.of("REVOCATION_NOTICE", "DELETION_REQUEST")) {
            assertThat(count("SELECT count(*) FROM (SELECT case_id FROM dr_notice WHERE campaign_id = ? AND kind = '"
                    + kind + "' GROUP BY case_id HAVING count(*) = 1) once", id)).as(kind).isEqualTo(DEVELOPERS);
        }
        assertThat(count("SELECT count(*) FROM (SELECT case_id, dedupe_key FROM dr_notice WHERE campaign_id = ? "
                + "AND kind = 'REMINDER' GROUP BY case_id, dedupe_key HAVING count(*) = 1) once", id))
                .isEqualTo(2L * DEVELOPERS);
        assertThat(count("SELECT count(*) FROM dr_case_event WHERE campaign_id = ? AND type = 'REMINDER_SENT'", id))
                .isEqualTo(2L * DEVELOPERS);
        replicas.get(1).api().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(true));
        List<MimeMessage> mails = mailsOf(id);
        assertThat(mails).hasSize(4 * DEVELOPERS);
        assertThat(mails.stream().map(ReplicasIT::messageId).distinct().count()).isEqualTo(4L * DEVELOPERS);
    }

    @Test
    void a_replica_killed_while_sending_loses_nothing() throws Exception {
        Replica doomed = ready(launch(9));
        replicas.add(doomed);
        String campaign = campaign(doomed, "replicas kill", Map.of("audit", Map.of("mode", "NONE")));
        UUID id = UUID.fromString(campaign);
        // Kill it with SIGKILL in the middle of sending: some mail is out, most is not.
        waitFor(Duration.ofSeconds(60), () -> count("SELECT count(*) FROM dr_notice WHERE campaign_id = ? "
                + "AND status = 'SENT'", id) > 300);
        new ProcessBuilder("kill", "-KILL", Long.toString(doomed.process().pid())).start().waitFor();
        doomed.process().waitFor();

        waitFor(Duration.ofSeconds(120), () -> count("SELECT count(*) FROM dr_notice WHERE campaign_id = ? "
                + "AND status = 'SENT'", id) == 2L * DEVELOPERS);
        assertThat(count("SELECT count(*) FROM dr_notice WHERE campaign_id = ? AND status <> 'SENT'", id)).isZero();
        List<MimeMessage> mails = mailsOf(id);
        long distinct = mails.stream().map(ReplicasIT::messageId).distinct().count();
        assertThat(distinct).as("every notice delivered").isEqualTo(2L * DEVELOPERS);
        long duplicates = mails.size() - distinct;
        // Only mail claimed and not yet marked at the kill can arrive twice: never more than a batch (200).
        assertThat(duplicates).isLessThanOrEqualTo(200);
        System.out.printf("killed replica: %d mails, %d duplicates (same Message-ID)%n", mails.size(), duplicates);
    }

    @Test
    void a_bulk_job_whose_replica_is_killed_is_finished_by_another_without_doing_a_case_twice() throws Exception {
        // Batches one at a time, and a lease long enough that a slow machine never loses it to a pause (a
        // second claim by the same replica would count as an attempt too). The batch that meets the held
        // case waits for it until the kill: with the usual 10 s lock timeout a slow machine let it fail
        // first, and the replica claimed the job a second time before it died. The session's settings are
        // given whole: datarecall.db.lock-timeout alone did not reach the pool's connections here.
        String[] jobs = { "-Ddatarecall.jobs.poll-interval=200ms", "-Ddatarecall.jobs.lease=PT10S",
                "-Ddatarecall.jobs.batch-size=50", "-Ddatarecall.jobs.parallel-batches=1",
                "-Dquarkus.datasource.jdbc.new-connection-sql=SET statement_timeout = '60s'; SET lock_timeout = '10min'" };
        Replica doomed = ready(launch(7, jobs));
        replicas.add(doomed);
        String campaign = doomed.api().contentType(ContentType.JSON)
                .body(Map.of("title", "replicas bulk kill", "dataCategories", List.of("group member names")))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        UUID id = UUID.fromString(campaign);
        StringBuilder csv = new StringBuilder("developerId,name,email,ccEmails,appIds,lastAccessAt\n");
        for (int i = 0; i < DEVELOPERS; i++) {
            csv.append("b-").append(i).append(",Bulk Dev ").append(i).append(",bulk").append(i).append("@example.com,,,\n");
        }
        doomed.api().contentType("text/csv").body(csv.toString()).post("/api/v1/campaigns/{id}/developers", campaign)
                .then().statusCode(200);
        // A case late in the queue is held by another transaction, so the job stops there whatever the
        // machine's speed: the replica dies in the middle of the job, never after its end.
        String job;
        UUID jobId;
        try (Connection holder = OwnerDatabase.connect(DB)) {
            holder.setAutoCommit(false);
            try (PreparedStatement hold = holder.prepareStatement("SELECT id FROM dr_case WHERE campaign_id = ? "
                    + "AND developer_id = 'b-" + (DEVELOPERS - 1) + "' FOR UPDATE")) {
                hold.setObject(1, id);
                hold.executeQuery().close();
            }
            job = doomed.api().body(Map.of("action", "add-note", "body", Map.of("text", "Reviewed in bulk.")))
                    .post("/api/v1/campaigns/{id}/bulk-actions", campaign).then().statusCode(202).extract().path("id");
            jobId = UUID.fromString(job);

            // SIGKILL while it holds the job, some batches done and the last one waiting: that replica's
            // connection waits for the held case's lock (its connections are named after it).
            waitFor(Duration.ofSeconds(180), () -> count("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a "
                    + "USING (pid) WHERE NOT l.granted AND a.application_name = 'replica-7'") > 0);
            assertThat(count("SELECT done FROM dr_job WHERE id = ?", jobId)).as("batches done before the last")
                    .isGreaterThanOrEqualTo(200);
            new ProcessBuilder("kill", "-KILL", Long.toString(doomed.process().pid())).start().waitFor();
            doomed.process().waitFor();
            holder.rollback();
        }
        long doneAtKill = count("SELECT done FROM dr_job WHERE id = ?", jobId);
        assertThat(doneAtKill).as("killed mid-job").isLessThan(DEVELOPERS);

        // A replacement replica takes the job over once the dead one's lease has run out, and finishes it.
        Replica successor = ready(launch(8, jobs));
        replicas.add(successor);
        waitFor(Duration.ofSeconds(120), () -> "SUCCEEDED".equals(successor.api().get("/api/v1/jobs/{id}", job)
                .then().extract().path("state")));
        successor.api().get("/api/v1/jobs/{id}", job).then().statusCode(200).body("total", equalTo(DEVELOPERS))
                .body("changed", equalTo(DEVELOPERS)).body("errors", equalTo(0)).body("attempts", equalTo(2));
        assertThat(count("SELECT count(*) FROM (SELECT case_id FROM dr_case_event WHERE campaign_id = ? "
                + "AND type = 'NOTE_ADDED' GROUP BY case_id HAVING count(*) = 1) once", id))
                .as("every case noted exactly once").isEqualTo(DEVELOPERS);
        assertThat(count("SELECT count(*) FROM dr_case_event WHERE campaign_id = ? AND type = 'NOTE_ADDED'", id))
                .isEqualTo(DEVELOPERS);
        assertThat(count("SELECT count(*) FROM dr_job_item WHERE job_id = ?", jobId)).as("its queue is empty").isZero();
        successor.api().get("/api/v1/campaigns/{id}/integrity", campaign).then().statusCode(200)
                .body("verified", equalTo(true));
    }

    /** The replica once its readiness check answers. */
    private static Replica ready(Replica replica) throws InterruptedException {
        waitFor(Duration.ofSeconds(60), () -> {
            try {
                return given().baseUri("http://127.0.0.1").port(replica.management()).get("/q/health/ready")
                        .statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        return replica;
    }

    private static String campaign(Replica via, String title, Map<String, Object> policy) {
        String id = via.api().contentType(ContentType.JSON)
                .body(Map.of("title", title, "dataCategories", List.of("group member names"), "policy", policy))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        StringBuilder csv = new StringBuilder("developerId,name,email,ccEmails,appIds,lastAccessAt\n");
        for (int i = 0; i < DEVELOPERS; i++) {
            csv.append("r-").append(i).append(",Replica Dev ").append(i).append(",dev").append(i).append('.')
                    .append(title.replace(' ', '-')).append("@example.com,,,\n");
        }
        via.api().contentType("text/csv").body(csv.toString()).post("/api/v1/campaigns/{id}/developers", id).then()
                .statusCode(200).body("created", equalTo(DEVELOPERS));
        via.api().post("/api/v1/campaigns/{id}/launch", id).then().statusCode(200);
        return id;
    }

    private static List<MimeMessage> mailsOf(UUID campaign) throws Exception {
        Set<String> cases = new HashSet<>(strings("SELECT id::text FROM dr_case WHERE campaign_id = ?", campaign));
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> cases.contains(header(m, "X-DataRecall-Case"))).toList();
    }

    private static String messageId(MimeMessage m) {
        return header(m, "Message-ID");
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, ",");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Replica launch(int n, String... options) throws IOException {
        FreePorts.Service ports = FreePorts.service();
        int port = ports.http();
        int management = ports.management();
        String java = System.getProperty("java.home") + "/bin/java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management,
                "-Dquarkus.datasource.jdbc.url=" + DB,
                "-Dquarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName=replica-" + n,
                "-Dquarkus.mailer.mock=false", "-Dquarkus.mailer.host=127.0.0.1",
                "-Dquarkus.mailer.port=" + smtp.getSmtp().getPort(),
                "-Dquarkus.mailer.from=recall@platform.example",
                "-Ddatarecall.sweep.interval=1s", "-Ddatarecall.outbox.poll-interval=1s",
                "-Ddatarecall.outbox.lease=PT5S", "-Ddatarecall.outbox.send-timeout=PT2S", "-Ddatarecall.token.secret=replica-test-secret-0123456789abcdef",
                "-Ddatarecall.checkpoint.signing-key=" + org.datarecall.testing.RuntimeUsers.PACKAGED_SIGNING_KEY,
                "-Dquarkus.security.users.embedded.users.ops=" + org.datarecall.testing.RuntimeUsers.OPS_SECRET,
                "-Dquarkus.security.users.embedded.roles.ops=manager"));
        command.addAll(Arrays.asList(options));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Process process = ServiceProcesses.start(command, new File("target/replica-" + n + ".log"));
        return new Replica(process, port, management);
    }

    private static long count(String sql, Object... params) {
        try (Connection con = OwnerDatabase.connect(DB);
                PreparedStatement ps = con.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(String sql, UUID id) throws Exception {
        try (Connection con = OwnerDatabase.connect(DB);
                PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, id);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private static void waitFor(Duration limit, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not reached within " + limit);
            }
            Thread.sleep(200);
        }
    }

}
