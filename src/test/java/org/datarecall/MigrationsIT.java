package org.datarecall;

import org.datarecall.testing.FreePorts;
import org.datarecall.testing.OwnerDatabase;
import org.datarecall.testing.ServiceProcesses;
import org.datarecall.testing.TestDatabases;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replicas that start together on an empty database: Flyway's lock (a PostgreSQL advisory lock)
 * lets one migrate while the other waits, and both come up on the same schema. Flyway migrates as the
 * owner and the service connects as the runtime role (the defaults); on Kubernetes a Job migrates
 * and the replicas are never given the owner's password, which works too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationsIT {

    /** Created empty by bin/test just before the integration tests. */
    static final String DB = TestDatabases.migrateUrl();

    /** The role the service connects as by default. */
    static final String RUNTIME_ROLE = "datarecall_app";

    @Test
    @Order(1)
    void two_replicas_starting_at_once_on_an_empty_database_migrate_it_once() throws Exception {
        assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).as("an empty database")
                .isZero();
        List<Process> replicas = new ArrayList<>();
        List<FreePorts.Service> ports = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                FreePorts.Service port = FreePorts.service();
                ports.add(port);
                // The first replica logs JSON, as the Kubernetes ConfigMap makes it.
                replicas.add(ServiceProcesses.start(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
                        "-Dquarkus.log.console.json.enabled=" + (i == 0),
                        "-Dquarkus.security.users.embedded.users.ops=" + org.datarecall.testing.RuntimeUsers.OPS_SECRET,
                        "-Dquarkus.security.users.embedded.roles.ops=manager",
                        "-Dquarkus.http.port=" + port.http(), "-Dquarkus.management.port=" + port.management(),
                        "-Dquarkus.datasource.jdbc.url=" + DB,
                        "-Ddatarecall.token.secret=migrations-test-secret-0123456789abcdef", "-Ddatarecall.sweep.interval=off",
                        "-Ddatarecall.checkpoint.signing-key=" + org.datarecall.testing.RuntimeUsers.PACKAGED_SIGNING_KEY,
                        "-Ddatarecall.outbox.poll-interval=off", "-jar", "target/quarkus-app/quarkus-run.jar"),
                        new File("target/migrate-" + i + ".log")));
            }
            for (FreePorts.Service port : ports) {
                Instant end = Instant.now().plus(Duration.ofSeconds(90));
                while (!ready(port)) {
                    assertThat(Instant.now()).as("replica on port %d ready", port.http()).isBefore(end);
                    Thread.sleep(250);
                }
            }
            for (Process p : replicas) {
                assertThat(p.isAlive()).isTrue();
            }
            assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"))
                    .isEqualTo(count("SELECT count(DISTINCT version) FROM flyway_schema_history"))
                    .isGreaterThanOrEqualTo(3);
            assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
            assertThat(count("SELECT count(*) FROM pg_tables WHERE tablename IN ('dr_case', 'dr_notice', "
                    + "'dr_attestation')")).isEqualTo(3);
            // The owner owns the schema; the service's role was granted what it needs and owns nothing.
            assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '"
                    + OwnerDatabase.USER + "'")).isZero();
            assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND usename = '" + RUNTIME_ROLE + "'")).as("the replicas' connections").isPositive();
            assertThat(count("SELECT count(*) WHERE has_table_privilege('" + RUNTIME_ROLE + "', 'dr_case', 'UPDATE') "
                    + "AND NOT has_table_privilege('" + RUNTIME_ROLE + "', 'dr_case_event', 'UPDATE')")).isOne();

            // A request's log lines carry its id and its trace: JSON lines with both in the MDC.
            String campaign = given().baseUri("http://127.0.0.1").port(ports.get(0).http()).auth().preemptive()
                    .basic("ops", "ops-secret").header("X-Request-Id", "it-request-42").contentType("application/json")
                    .body(Map.of("title", "logs", "dataCategories", List.of("names")))
                    .post("/api/v1/campaigns").then().statusCode(201).header("X-Request-Id", "it-request-42")
                    .extract().path("id");
            given().baseUri("http://127.0.0.1").port(ports.get(0).http()).auth().preemptive().basic("ops", "ops-secret")
                    .header("X-Request-Id", "it-request-43").contentType("text/csv")
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .body("developerId,name,email,ccEmails,appIds,lastAccessAt\nd-1,D,d@example.com,,,\n")
                    .post("/api/v1/campaigns/{id}/developers", campaign).then().statusCode(200);
            JsonNode line = null;
            for (String l : Files.readAllLines(Path.of("target/migrate-0.log"))) {
                if (l.startsWith("{") && l.contains("import into campaign")) {
                    line = new ObjectMapper().readTree(l);
                }
            }
            assertThat(line).as("a JSON log line of the import").isNotNull();
            assertThat(line.path("mdc").path("requestId").asText()).isEqualTo("it-request-43");
            // The caller's trace, joined by OpenTelemetry: its trace id, and a span of our own under it.
            assertThat(line.path("mdc").path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(line.path("mdc").path("spanId").asText()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
            assertThat(line.path("level").asText()).isEqualTo("INFO");
        } finally {
            replicas.forEach(Process::destroy);
        }
    }

    @Test
    @Order(2)
    void a_migration_job_as_the_owner_then_replicas_that_never_see_the_owners_password() throws Exception {
        // The Job: migrate as the owner (nothing is pending by now: the grants are made again) and exit.
        Process job = ServiceProcesses.start(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
                "-Dquarkus.init-and-exit=true", "-Dquarkus.flyway.migrate-at-start=true",
                "-Dquarkus.datasource.jdbc.url=" + DB, "-Ddatarecall.token.secret=migrations-test-secret-0123456789abcdef",
                "-jar", "target/quarkus-app/quarkus-run.jar"), new File("target/migrate-job.log"));
        assertThat(job.waitFor(90, TimeUnit.SECONDS)).as("the migration job ends").isTrue();
        assertThat(job.exitValue()).as("its exit code (target/migrate-job.log)").isZero();

        // A replica that does not migrate and is given a wrong owner's password: it never uses it.
        FreePorts.Service port = FreePorts.service();
        Process replica = ServiceProcesses.start(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
                "-Dquarkus.flyway.migrate-at-start=false", "-Dquarkus.flyway.password=not-the-owners-password",
                "-Dquarkus.security.users.embedded.users.ops=" + org.datarecall.testing.RuntimeUsers.OPS_SECRET,
                "-Dquarkus.security.users.embedded.roles.ops=manager",
                "-Dquarkus.http.port=" + port.http(), "-Dquarkus.management.port=" + port.management(),
                        "-Dquarkus.datasource.jdbc.url=" + DB,
                "-Ddatarecall.token.secret=migrations-test-secret-0123456789abcdef", "-Ddatarecall.sweep.interval=off",
                "-Ddatarecall.checkpoint.signing-key=" + org.datarecall.testing.RuntimeUsers.PACKAGED_SIGNING_KEY,
                "-Ddatarecall.outbox.poll-interval=off", "-jar", "target/quarkus-app/quarkus-run.jar"),
                new File("target/migrate-replica.log"));
        try {
            Instant end = Instant.now().plus(Duration.ofSeconds(90));
            while (!ready(port)) {
                assertThat(replica.isAlive()).as("the replica runs (target/migrate-replica.log)").isTrue();
                assertThat(Instant.now()).as("replica on port %d ready", port.http()).isBefore(end);
                Thread.sleep(250);
            }
            given().baseUri("http://127.0.0.1").port(port.http()).auth().preemptive().basic("ops", "ops-secret")
                    .contentType("application/json").body(Map.of("title", "job", "dataCategories", List.of("names")))
                    .post("/api/v1/campaigns").then().statusCode(201);
        } finally {
            replica.destroy();
        }
    }

    private static boolean ready(FreePorts.Service port) {
        try {
            return given().baseUri("http://127.0.0.1").port(port.management()).get("/q/health/ready").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection con = OwnerDatabase.connect(DB);
                ResultSet rs = con.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
