package org.datarecall.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.datarecall.casework.CampaignSummary;
import org.datarecall.casework.CampaignSummaryQuery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Campaign counts for the overview page. Counting a million cases takes about 150 ms, so each
 * replica keeps a campaign's counts for {@link #FRESH_FOR} and the page says how old they are;
 * a campaign's own page always counts afresh.
 */
@ApplicationScoped
public class CampaignOverview {

    static final Duration FRESH_FOR = Duration.ofSeconds(15);

    record Counted(CampaignSummary summary, Instant at) {
    }

    private final Map<UUID, Counted> counted = new ConcurrentHashMap<>();

    @Inject
    CampaignSummaryQuery summaries;

    @Inject
    Clock clock;

    public Counted of(UUID campaignId) {
        Instant now = clock.instant();
        Counted c = counted.get(campaignId);
        if (c == null || c.at().plus(FRESH_FOR).isBefore(now) || c.at().isAfter(now)) {
            c = new Counted(summaries.summarize(campaignId, now), now);
            counted.put(campaignId, c);
        }
        return c;
    }

    public CampaignSummary fresh(UUID campaignId) {
        Instant now = clock.instant();
        Counted c = new Counted(summaries.summarize(campaignId, now), now);
        counted.put(campaignId, c);
        return c.summary();
    }
}
