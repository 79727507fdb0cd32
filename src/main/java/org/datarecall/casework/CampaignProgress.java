package org.datarecall.casework;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.platform.jdbc.Jdbc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How a campaign went, from its cases' events: the burn-down (cases per state at the end of each UTC
 * day), the funnel (cases that reached each stage, and the share of the stage before), attestations per
 * day and the time from the deletion request to the attestation. Each figure is one set-based statement
 * over the campaign's events (its primary-key range); the pages read it on their own page, not on every
 * campaign page, and the evidence statement carries the same figures.
 */
@ApplicationScoped
public class CampaignProgress {

    /** The stages of the funnel, in order: a case counts at a stage once its history has entered it. */
    public static final List<CaseState> FUNNEL = List.of(CaseState.PENDING, CaseState.NOTIFIED,
            CaseState.DELETION_REQUESTED, CaseState.ATTESTED, CaseState.VERIFIED);

    /** Cases per state at the end of one UTC day. */
    public record Day(LocalDate day, Map<CaseState, Long> cases) {
    }

    /** Cases that reached a stage; {@code ofPrevious} is their share of the stage before (null for the first). */
    public record Stage(CaseState state, long cases, Double ofPrevious) {
    }

    /** Attestations received on one UTC day. */
    public record Count(LocalDate day, long count) {
    }

    /**
     * The figures. {@code attestedCases} is how many cases attested at all; the median and 90th percentile
     * are of the time from a case's first deletion request to its first attestation (null without any).
     */
    public record Progress(List<Day> burnDown, List<Stage> funnel, List<Count> attestationsPerDay,
            long attestedCases, Duration medianTimeToAttest, Duration p90TimeToAttest) {
    }

    @Inject
    Jdbc jdbc;

    public Progress of(UUID campaignId) {
        return jdbc.withConnection(con -> of(con, campaignId));
    }

    /** The figures on the caller's connection (the evidence pack reads them in its one snapshot). */
    public static Progress of(Connection con, UUID campaignId) throws SQLException {
        Object[] attested = attested(con, campaignId);
        return new Progress(burnDown(con, campaignId), funnel(con, campaignId), attestationsPerDay(con, campaignId),
                (long) attested[0], duration(attested[1]), duration(attested[2]));
    }

    /**
     * Each change of state adds one to the state entered and takes one from the state left, on its day;
     * a running sum per state gives the cases in it at each day's end. Days without a change carry the
     * day before.
     */
    public static List<Day> burnDown(Connection con, UUID campaignId) throws SQLException {
        Map<LocalDate, Map<CaseState, Long>> byDay = new TreeMap<>();
        Jdbc.list(con, """
                WITH moves AS (
                    SELECT (at AT TIME ZONE 'UTC')::date AS day, to_state AS state, 1 AS n
                    FROM dr_case_event WHERE campaign_id = ? AND from_state IS DISTINCT FROM to_state
                    UNION ALL
                    SELECT (at AT TIME ZONE 'UTC')::date, from_state, -1
                    FROM dr_case_event WHERE campaign_id = ? AND from_state IS NOT NULL AND from_state <> to_state),
                daily AS (SELECT day, state, sum(n) AS delta FROM moves GROUP BY day, state)
                SELECT day, state, sum(delta) OVER (PARTITION BY state ORDER BY day) AS cases FROM daily
                """, rs -> {
                    byDay.computeIfAbsent(rs.getObject("day", LocalDate.class), d -> new EnumMap<>(CaseState.class))
                            .put(CaseState.valueOf(rs.getString("state")), rs.getLong("cases"));
                    return null;
                }, campaignId, campaignId);
        List<Day> days = new ArrayList<>();
        Map<CaseState, Long> carried = new EnumMap<>(CaseState.class);
        LocalDate next = null;
        for (Map.Entry<LocalDate, Map<CaseState, Long>> e : byDay.entrySet()) {
            while (next != null && next.isBefore(e.getKey())) {
                days.add(new Day(next, new EnumMap<>(carried)));
                next = next.plusDays(1);
            }
            carried.putAll(e.getValue());
            days.add(new Day(e.getKey(), new EnumMap<>(carried)));
            next = e.getKey().plusDays(1);
        }
        return days;
    }

    public static List<Stage> funnel(Connection con, UUID campaignId) throws SQLException {
        Map<CaseState, Long> reached = new LinkedHashMap<>();
        Jdbc.list(con, """
                SELECT to_state, count(DISTINCT case_id) FROM dr_case_event
                WHERE campaign_id = ? AND to_state IN ('PENDING', 'NOTIFIED', 'DELETION_REQUESTED', 'ATTESTED', 'VERIFIED')
                GROUP BY to_state
                """, rs -> reached.put(CaseState.valueOf(rs.getString(1)), rs.getLong(2)), campaignId);
        List<Stage> stages = new ArrayList<>();
        Long previous = null;
        for (CaseState state : FUNNEL) {
            long cases = reached.getOrDefault(state, 0L);
            stages.add(new Stage(state, cases, previous == null || previous == 0 ? null : (double) cases / previous));
            previous = cases;
        }
        return stages;
    }

    public static List<Count> attestationsPerDay(Connection con, UUID campaignId) throws SQLException {
        return Jdbc.list(con, """
                SELECT (at AT TIME ZONE 'UTC')::date AS day, count(*) FROM dr_case_event
                WHERE campaign_id = ? AND type = 'ATTESTATION_RECEIVED' GROUP BY 1 ORDER BY 1
                """, rs -> new Count(rs.getObject(1, LocalDate.class), rs.getLong(2)), campaignId);
    }

    /** [cases attested, median seconds, 90th percentile seconds] from each case's first request and attestation. */
    private static Object[] attested(Connection con, UUID campaignId) throws SQLException {
        List<Object[]> rows = Jdbc.list(con, """
                SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY s), percentile_cont(0.9) WITHIN GROUP (ORDER BY s)
                FROM (SELECT extract(epoch FROM min(at) FILTER (WHERE type = 'ATTESTATION_RECEIVED')
                                              - min(at) FILTER (WHERE type = 'DELETION_REQUESTED')) AS s
                      FROM dr_case_event WHERE campaign_id = ? GROUP BY case_id) t
                WHERE s IS NOT NULL
                """, rs -> new Object[] { rs.getLong(1), rs.getObject(2), rs.getObject(3) }, campaignId);
        return rows.isEmpty() ? new Object[] { 0L, null, null } : rows.getFirst();
    }

    private static Duration duration(Object seconds) {
        return seconds == null ? null : Duration.ofSeconds(Math.round(((Number) seconds).doubleValue()));
    }
}
