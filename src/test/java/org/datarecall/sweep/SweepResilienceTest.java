package org.datarecall.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.datarecall.testing.Api;
import org.datarecall.testing.OwnerDatabase;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * One broken campaign or stage does not stop the rest of a sweep, and cases the sweep cannot move
 * never fill its batches forever (tests run batches of 50, {@code %test.datarecall.sweep.batch-size}).
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class SweepResilienceTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-09-01T09:00:00Z");

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry metrics;

    private double failures(SweepStage stage) {
        Counter counter = metrics.find("datarecall.sweep.failures").tag("stage", stage.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String launched(String title, Map<String, Object> policy, List<String> rows) {
        return Api.launch(title, policy, rows.toArray(String[]::new));
    }

    @Test
    void a_campaign_whose_cases_cannot_be_written_does_not_stop_the_others() throws Exception {
        clock.set(T0);
        String broken = launched("broken campaign", Map.of(), List.of("dev-1,Dev One,one@example.com,,,"));
        String healthy = launched("healthy campaign", Map.of(), List.of("dev-1,Dev One,one@example.com,,,"));
        // A database that refuses every change to the broken campaign's cases, as a failing disk or a
        // bad row would: its batches fail and roll back. Only the tables' owner may add a trigger.
        OwnerDatabase.execute("CREATE FUNCTION dr_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'refused for the test'; END $$",
                "CREATE TRIGGER dr_test_refuse BEFORE UPDATE ON dr_case FOR EACH ROW WHEN (OLD.campaign_id = '"
                        + broken + "') EXECUTE FUNCTION dr_test_refuse()");
        double notifyFailures = failures(SweepStage.NOTIFY);
        try {
            Map<SweepStage, Integer> moved = sweep.runOnce();
            // The healthy campaign's case was notified and then requested in the same run.
            assertThat(moved.get(SweepStage.NOTIFY)).isGreaterThanOrEqualTo(1);
            assertThat(moved.get(SweepStage.REQUEST)).isGreaterThanOrEqualTo(1);
            assertThat(failures(SweepStage.NOTIFY)).isEqualTo(notifyFailures + 1);
        } finally {
            OwnerDatabase.execute("DROP TRIGGER dr_test_refuse ON dr_case", "DROP FUNCTION dr_test_refuse()");
        }
        manager().get("/api/v1/cases/{id}", caseOf(healthy, "dev-1")).then()
                .body("state", equalTo("DELETION_REQUESTED"));
        manager().get("/api/v1/cases/{id}", caseOf(broken, "dev-1")).then().body("state", equalTo("PENDING"));

        // The next run finds the campaign working again and catches up.
        sweep.runOnce();
        manager().get("/api/v1/cases/{id}", caseOf(broken, "dev-1")).then()
                .body("state", equalTo("DELETION_REQUESTED"));
    }

    @Test
    void a_full_batch_of_cases_with_nothing_due_is_not_claimed_again_and_the_rest_are_reached() {
        clock.set(T0);
        List<String> rows = IntStream.rangeClosed(1, 56)
                .mapToObj(i -> "dev-%02d,Dev %d,dev%d@example.com,,,".formatted(i, i, i)).toList();
        String campaign = launched("stale reminder timers",
                Map.of("reminderOffsets", List.of("-P7D"), "audit", Map.of("mode", "NONE")), rows);
        sweep.runOnce();
        // 55 cases carry a reminder timer that is due although their only reminder was already sent
        // (a timer out of step with its round); one case is really due for its reminder.
        String due = caseOf(campaign, "dev-56");
        long stale = Sql.count(dataSource, "WITH s AS (UPDATE dr_case SET reminded_offset_s = -604800 "
                + "WHERE campaign_id = ?::uuid AND id <> ?::uuid RETURNING 1) SELECT count(*) FROM s", campaign, due);
        assertThat(stale).isEqualTo(55);

        clock.set(T0.plus(Duration.ofDays(24)));
        String remindersNow = "SELECT count(*) FROM dr_case_event WHERE type = 'REMINDER_SENT' AND at = ?";
        long remindersBefore = Sql.count(dataSource, remindersNow, T0.plus(Duration.ofDays(24)).atOffset(ZoneOffset.UTC));
        Map<SweepStage, Integer> moved = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> sweep.runOnce());

        // What the stage reports moved is what it reminded (any campaign's, the database is shared):
        // the 55 timers it only set right do not count.
        assertThat(moved.get(SweepStage.REMIND)).isEqualTo(Sql.count(dataSource, remindersNow,
                T0.plus(Duration.ofDays(24)).atOffset(ZoneOffset.UTC)) - remindersBefore);
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_case_event WHERE case_id = ?::uuid "
                + "AND type = 'REMINDER_SENT'", due)).isOne();
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_case_event e JOIN dr_case c ON c.id = e.case_id "
                + "WHERE c.campaign_id = ?::uuid AND e.type = 'REMINDER_SENT'", campaign)).isOne();
        // The stale timers now point at the next reminder of the round: none is left.
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_case WHERE campaign_id = ?::uuid "
                + "AND next_reminder_at IS NOT NULL", campaign)).isZero();
    }
}
