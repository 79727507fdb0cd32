package org.datarecall.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.launched;
import static org.datarecall.portal.PortalFixture.tokenFrom;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.OwnerDatabase;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The counts kept per campaign (V25) against a recount of the cases themselves: after a random mix of
 * imports, sweeps, actions and attestations, with some deltas folded and some not, and while several
 * folds run at once beside writers.
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class CaseCountsTest extends WorkflowTest {

    /** Per (state, due hour): cases, HIGH risk, unreachable. */
    private static final String RECOUNT = """
            SELECT state, dr_case_due_hour(state, due_at)::text, count(*),
                   count(*) FILTER (WHERE risk_tier = 'HIGH'), count(*) FILTER (WHERE unreachable)
            FROM dr_case WHERE campaign_id = ? GROUP BY 1, 2""";
    private static final String KEPT = """
            SELECT state, due_hour::text, sum(cases), sum(high_risk), sum(unreachable)
            FROM dr_case_count_now WHERE campaign_id = ? GROUP BY 1, 2
            HAVING sum(cases) <> 0 OR sum(high_risk) <> 0 OR sum(unreachable) <> 0""";

    private static final String RECOUNT_MAIL = """
            SELECT status, '', count(*), 0, 0 FROM dr_notice WHERE campaign_id = ? GROUP BY 1""";
    private static final String KEPT_MAIL = """
            SELECT status, '', sum(notices), 0, 0 FROM dr_notice_count_now WHERE campaign_id = ? GROUP BY 1
            HAVING sum(notices) <> 0""";

    private static final List<String> ACTIONS = List.of("extend", "escalate", "withdraw", "resend-notice",
            "send-deletion-request", "enforce");

    @Inject
    CaseCounts counts;

    @Inject
    DataSource dataSource;

    @Test
    void the_counts_equal_a_recount_after_a_random_mix_of_work() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            // About half read the data recently: HIGH risk.
            rows.add("dev-" + i + ",Dev " + i + ",dev" + i + "@example.com,,," + (random.nextBoolean()
                    ? "2026-03-20T00:00:00Z" : ""));
        }
        String campaign = launched(sweep, sender, "counts " + seed, Map.of("audit", Map.of("mode", "NONE")),
                rows.toArray(String[]::new));
        String drafted = createCampaign("counts, not launched " + seed);
        importCsv(drafted, "dev-1,Dev One,one@example.com,,,", "dev-2,Dev Two,two@example.com,,,2026-03-20T00:00:00Z");

        for (int step = 0; step < 40; step++) {
            String caseId = caseOf(campaign, "dev-" + (1 + random.nextInt(16)));
            switch (random.nextInt(5)) {
                case 0 -> PortalFixture.submit(tokenFrom(caseId, "DELETION_REQUEST"), validAttestation());
                case 1 -> {
                    clock.set(clock.instant().plus(Duration.ofHours(1 + random.nextInt(24 * 12))));
                    sweep.runOnce();
                    sender.sendDue();
                }
                case 2 -> counts.fold();
                default -> act(caseId, ACTIONS.get(random.nextInt(ACTIONS.size())), random);
            }
        }
        String why = "seed " + seed;
        assertThat(recount(campaign).keySet().stream().map(key -> key.split(" ")[0]).distinct().count())
                .as("the mix reached several states (%s)", why).isGreaterThanOrEqualTo(3);
        for (String id : List.of(campaign, drafted)) {
            assertThat(kept(id)).as(why).isEqualTo(recount(id));
            assertThat(grouped(KEPT_MAIL, id)).as("mail, " + why).isEqualTo(grouped(RECOUNT_MAIL, id));
        }
        assertSummaryMatchesTheCases(campaign, why);

        counts.fold();
        for (String id : List.of(campaign, drafted)) {
            assertThat(kept(id)).as(why).isEqualTo(recount(id));
            assertThat(grouped(KEPT_MAIL, id)).as("mail, " + why).isEqualTo(grouped(RECOUNT_MAIL, id));
            assertThat(count("SELECT count(*) FROM dr_case_count_delta WHERE campaign_id = ?", id)).as("all folded")
                    .isZero();
            assertThat(count("SELECT count(*) FROM dr_notice_count_delta WHERE campaign_id = ?", id))
                    .as("all mail folded").isZero();
        }
        assertThat(count("SELECT count(*) FROM dr_case_count WHERE campaign_id = ? AND cases = 0", campaign))
                .as("keys that came to nothing are removed").isZero();
        assertSummaryMatchesTheCases(campaign, why);
    }

    @Test
    void folds_running_at_once_beside_writers_count_every_change_once() throws Exception {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String campaign = createCampaign("counts under load");
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            rows.add("dev-" + i + ",Dev " + i + ",dev" + i + "@example.com,,,");
        }
        importCsv(campaign, rows.toArray(String[]::new));

        AtomicBoolean writing = new AtomicBoolean(true);
        List<CompletableFuture<Long>> folds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            folds.add(CompletableFuture.supplyAsync(() -> {
                long folded = 0;
                while (writing.get()) {
                    folded += counts.fold();
                }
                return folded;
            }));
        }
        Random random = new Random(7);
        try (Connection con = OwnerDatabase.connect();
                PreparedStatement flip = con.prepareStatement("UPDATE dr_case SET unreachable = NOT unreachable "
                        + "WHERE campaign_id = ? AND developer_id = ANY (?)")) {
            for (int i = 0; i < 60; i++) {
                List<String> some = new ArrayList<>();
                for (int j = 0; j < 1 + random.nextInt(50); j++) {
                    some.add("dev-" + (1 + random.nextInt(400)));
                }
                flip.setObject(1, UUID.fromString(campaign));
                flip.setArray(2, con.createArrayOf("text", some.toArray()));
                flip.executeUpdate();
            }
        } finally {
            writing.set(false);
        }
        long folded = 0;
        for (CompletableFuture<Long> fold : folds) {
            folded += fold.get(2, TimeUnit.MINUTES);
        }
        counts.fold();

        assertThat(folded).as("the folds had work while the writers wrote").isPositive();
        assertThat(kept(campaign)).isEqualTo(recount(campaign));
        assertThat(count("SELECT count(*) FROM dr_case_count_delta WHERE campaign_id = ?", campaign)).isZero();
    }

    private static void act(String caseId, String action, Random random) {
        Map<String, Object> body = switch (action) {
            case "extend" -> Map.of("extension", "P" + (1 + random.nextInt(20)) + "D", "reason", "asked");
            case "enforce" -> Map.of("measure", "APP_SUSPENDED", "reason", "suspended");
            case "escalate", "withdraw" -> Map.of("reason", "random step");
            default -> null;
        };
        var request = manager().contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        int status = request.post("/api/v1/cases/{id}/actions/{action}", caseId, action).statusCode();
        assertThat(status).as("%s on %s", action, caseId).isIn(200, 409);
    }

    @SuppressWarnings("unchecked")
    private void assertSummaryMatchesTheCases(String campaign, String why) {
        Instant now = clock.instant();
        Map<String, Object> summary = manager().get("/api/v1/campaigns/{id}/summary", campaign).then()
                .statusCode(200).extract().as(Map.class);
        assertThat(((Number) summary.get("total")).longValue()).as(why)
                .isEqualTo(count("SELECT count(*) FROM dr_case WHERE campaign_id = ?", campaign));
        assertThat(((Number) summary.get("overdue")).longValue()).as(why).isEqualTo(count(
                "SELECT count(*) FROM dr_case WHERE campaign_id = ? AND due_at < ? "
                        + "AND state IN ('DELETION_REQUESTED', 'ESCALATED')", campaign,
                java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)));
        assertThat(((Number) summary.get("highRisk")).longValue()).as(why).isEqualTo(count(
                "SELECT count(*) FROM dr_case WHERE campaign_id = ? AND risk_tier = 'HIGH'", campaign));
        Map<String, Object> byState = new TreeMap<>();
        try (Connection con = dataSource.getConnection();
                PreparedStatement ps = con.prepareStatement(
                        "SELECT state, count(*) FROM dr_case WHERE campaign_id = ? GROUP BY state")) {
            ps.setObject(1, UUID.fromString(campaign));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byState.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> reported = new TreeMap<>((Map<String, Object>) summary.get("byState"));
        reported.values().removeIf(n -> ((Number) n).longValue() == 0);
        assertThat(reported).as(why).isEqualTo(byState);
        Map<String, Object> mail = (Map<String, Object>) summary.get("notices");
        for (String status : List.of("QUEUED", "SENT", "FAILED", "BOUNCED")) {
            assertThat(((Number) mail.get(status)).longValue()).as("%s mail, %s", status, why).isEqualTo(count(
                    "SELECT count(*) FROM dr_notice WHERE campaign_id = ? AND status = ?", campaign, status));
        }
        assertThat(mail.get("SENT")).as("the mix sent mail").isNotEqualTo(0);
    }

    private Map<String, List<Long>> recount(String campaign) {
        return grouped(RECOUNT, campaign);
    }

    private Map<String, List<Long>> kept(String campaign) {
        return grouped(KEPT, campaign);
    }

    private Map<String, List<Long>> grouped(String sql, String campaign) {
        Map<String, List<Long>> rows = new TreeMap<>();
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(campaign));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1) + " " + rs.getString(2), List.of(rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** A count over one campaign's rows: the campaign's id binds first, then {@code more}. */
    private long count(String sql, String campaign, Object... more) {
        Object[] bound = new Object[more.length + 1];
        bound[0] = UUID.fromString(campaign);
        System.arraycopy(more, 0, bound, 1, more.length);
        return org.datarecall.testing.Sql.count(dataSource, sql, bound);
    }
}
