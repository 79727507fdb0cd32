package org.datarecall.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.datarecall.campaign.Campaign;
import org.datarecall.platform.DataRecallConfig;
import org.datarecall.platform.Times;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The scheduled sweep. Every replica runs it every {@code datarecall.sweep.interval}; correctness
 * comes from the database claims in {@link SweepBatch}, never from who runs when. Each stage
 * repeats batches until nothing of it is due.
 */
@ApplicationScoped
public class Sweep {

    @Inject
    SweepBatch batches;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    @Scheduled(every = "${datarecall.sweep.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "datarecall-sweep")
    void scheduled() {
        runOnce();
    }

    /** One full pass at the current time; answers how many cases each stage moved. */
    public Map<SweepStage, Integer> runOnce() {
        Instant now = Times.stored(clock.instant());
        Map<SweepStage, Integer> moved = new EnumMap<>(SweepStage.class);
        List<Campaign> active = batches.activeCampaigns();
        for (SweepStage stage : SweepStage.values()) {
            Timer.Sample sample = Timer.start(metrics);
            int total = 0;
            if (stage == SweepStage.NOTIFY || stage == SweepStage.REQUEST) {
                for (Campaign campaign : active) {
                    total += drain(stage, campaign, now);
                }
            } else {
                total += drain(stage, null, now);
            }
            sample.stop(metrics.timer("datarecall.sweep.duration", "stage", stage.name()));
            metrics.counter("datarecall.sweep.cases", "stage", stage.name()).increment(total);
            moved.put(stage, total);
        }
        return moved;
    }

    private int drain(SweepStage stage, Campaign scope, Instant now) {
        int size = config.sweep().batchSize();
        int total = 0;
        int claimed;
        do {
            claimed = batches.run(stage, scope, now, size);
            total += claimed;
        } while (claimed == size);
        return total;
    }
}
