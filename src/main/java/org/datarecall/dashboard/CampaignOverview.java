package org.datarecall.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.datarecall.casework.CampaignSummary;
import org.datarecall.casework.CampaignSummaryQuery;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Campaign counts for the overview page. A campaign's summary adds up its kept counts (V25, V26) in a
 * few small queries whatever its size, but an overview of many campaigns would still make those for
 * every campaign on every view; so each replica counts a campaign when it is first shown and then
 * recounts the campaigns shown in the last {@link #KEEP} every {@code datarecall.dashboard.refresh-interval}
 * in the background; after a manager's upload, launch or close the campaign is recounted at once.
 */
@ApplicationScoped
public class CampaignOverview {

    static final Duration KEEP = Duration.ofMinutes(10);

    record Counted(CampaignSummary summary, Instant at, Instant lastShown) {
    }

    private final Map<UUID, Counted> counted = new ConcurrentHashMap<>();

    @Inject
    CampaignSummaryQuery summaries;

    @Inject
    Clock clock;

    public Counted of(UUID campaignId) {
        Instant now = clock.instant();
        Counted c = counted.get(campaignId);
        if (c == null) {
            c = new Counted(summaries.summarize(campaignId, now), now, now);
        } else {
            c = new Counted(c.summary(), c.at(), now);
        }
        counted.put(campaignId, c);
        return c;
    }

    public CampaignSummary fresh(UUID campaignId) {
        Instant now = clock.instant();
        Counted c = new Counted(summaries.summarize(campaignId, now), now, now);
        counted.put(campaignId, c);
        return c.summary();
    }

    @Scheduled(every = "${datarecall.dashboard.refresh-interval}", identity = "datarecall-overview",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recount() {
        Instant now = clock.instant();
        counted.forEach((id, c) -> {
            if (c.lastShown().plus(KEEP).isBefore(now)) {
                counted.remove(id, c);
            } else {
                counted.computeIfPresent(id, (k, old) -> new Counted(summaries.summarize(id, now), now,
                        old.lastShown()));
            }
        });
    }
}
