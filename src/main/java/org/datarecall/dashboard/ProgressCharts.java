package org.datarecall.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.datarecall.casework.CampaignProgress;
import org.datarecall.casework.domain.CaseState;

/**
 * A campaign's progress drawn as SVG on the server: coordinates are worked out here, the template only
 * places them (its text escaped as any text). No script, no external resource; each chart has a title,
 * a description and the same figures as a table beside it.
 */
public record ProgressCharts(CampaignProgress.Progress progress, List<Series> burnDown, List<String> dayLabels,
        List<Bar> attestations, List<FunnelBar> funnel, long maxCases, long maxAttestations, String median,
        String p90) {

    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    static final int LEFT = 48;
    static final int BOTTOM = 24;
    static final int TOP = 10;

    /** One state's line through the days: {@code points} as SVG wants them. */
    public record Series(CaseState state, String colour, String points, long last) {
    }

    /** A bar: where it stands and what it says. */
    public record Bar(int x, int y, int width, int height, String label, long value) {
    }

    /** A stage of the funnel: its bar's width and its share of the stage before, in words. */
    public record FunnelBar(CaseState state, int y, int width, long cases, String share) {
        public int textY() {
            return y + 18;
        }

        public int valueX() {
            return width + 176;
        }
    }

    /** Line colours with at least 3:1 contrast on white (WCAG's rule for graphics). */
    static final Map<CaseState, String> COLOURS = new EnumMap<>(Map.of(
            CaseState.PENDING, "#52606d", CaseState.NOTIFIED, "#2f6fbd", CaseState.DELETION_REQUESTED, "#975a16",
            CaseState.ESCALATED, "#b42318", CaseState.ATTESTED, "#6b46c1", CaseState.AUDIT_PENDING, "#2c7a7b",
            CaseState.VERIFIED, "#1b7f5a", CaseState.ENFORCED, "#7b341e", CaseState.WITHDRAWN, "#1f2933"));

    public static ProgressCharts of(CampaignProgress.Progress p) {
        List<CampaignProgress.Day> days = p.burnDown();
        long maxCases = Math.max(1, days.stream().flatMap(d -> d.cases().values().stream()).mapToLong(Long::longValue)
                .max().orElse(1));
        int plotWidth = WIDTH - LEFT - 10;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        List<Series> series = new ArrayList<>();
        for (CaseState state : CaseState.values()) {
            if (days.stream().noneMatch(d -> d.cases().getOrDefault(state, 0L) > 0)) {
                continue;
            }
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < days.size(); i++) {
                long n = days.get(i).cases().getOrDefault(state, 0L);
                int y = TOP + plotHeight - (int) (n * plotHeight / maxCases);
                if (days.size() == 1) {
                    // One day: a level line across the plot, not an invisible point.
                    points.append(LEFT).append(',').append(y).append(' ').append(LEFT + plotWidth).append(',').append(y);
                    break;
                }
                points.append(LEFT + i * plotWidth / (days.size() - 1)).append(',').append(y).append(' ');
            }
            series.add(new Series(state, COLOURS.get(state), points.toString().strip(),
                    days.getLast().cases().getOrDefault(state, 0L)));
        }
        List<String> labels = days.isEmpty() ? List.of()
                : List.of(days.getFirst().day().toString(), days.getLast().day().toString());

        long maxAttested = Math.max(1, p.attestationsPerDay().stream().mapToLong(CampaignProgress.Count::count).max()
                .orElse(1));
        List<Bar> bars = new ArrayList<>();
        int n = p.attestationsPerDay().size();
        for (int i = 0; i < n; i++) {
            CampaignProgress.Count c = p.attestationsPerDay().get(i);
            int slot = Math.min(40, plotWidth / Math.max(1, n)); // a few days are narrow bars, not a wall
            int h = (int) (c.count() * plotHeight / maxAttested);
            bars.add(new Bar(LEFT + i * slot + 1, TOP + plotHeight - h, Math.max(1, slot - 2), Math.max(1, h),
                    c.day().toString(), c.count()));
        }

        long first = Math.max(1, p.funnel().isEmpty() ? 1 : p.funnel().getFirst().cases());
        List<FunnelBar> funnel = new ArrayList<>();
        for (int i = 0; i < p.funnel().size(); i++) {
            CampaignProgress.Stage s = p.funnel().get(i);
            funnel.add(new FunnelBar(s.state(), 8 + i * 34, (int) (s.cases() * 400 / first), s.cases(),
                    s.ofPrevious() == null ? "" : String.format(Locale.ROOT, "%.0f%% of the stage before",
                            s.ofPrevious() * 100)));
        }
        return new ProgressCharts(p, series, labels, bars, funnel, maxCases, maxAttested, words(p.medianTimeToAttest()),
                words(p.p90TimeToAttest()));
    }

    /** "3 days 4 hours", or a dash when there is nothing to measure. */
    static String words(Duration d) {
        if (d == null) {
            return "—";
        }
        long days = d.toDays();
        long hours = d.minusDays(days).toHours();
        if (days == 0 && hours == 0) {
            return d.toMinutes() + " minutes";
        }
        return (days > 0 ? days + (days == 1 ? " day" : " days") : "")
                + (hours > 0 ? (days > 0 ? " " : "") + hours + (hours == 1 ? " hour" : " hours") : "");
    }

    /** Cases in a state at a day's end. */
    public long count(CampaignProgress.Day day, CaseState state) {
        return day.cases().getOrDefault(state, 0L);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int plotBottom() {
        return HEIGHT - BOTTOM;
    }

    public int left() {
        return LEFT;
    }

    public int axisLabelX() {
        return LEFT - 4;
    }

    public int dayLabelY() {
        return HEIGHT - 6;
    }
}
