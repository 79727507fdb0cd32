package org.datarecall.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.datarecall.campaign.Campaign;
import org.datarecall.platform.DataRecallConfig;
import org.datarecall.platform.Times;
import org.datarecall.platform.WorkerThreads;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The scheduled sweep. Every replica runs it every {@code datarecall.sweep.interval}; correctness
 * comes from the database claims in {@link SweepBatch}, never from who runs when. Each stage
 * repeats batches until nothing of it is due, {@code parallel-batches} at a time when there is more
 * than one batch of it.
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

    private final WorkerThreads workers = new WorkerThreads("sweep-batch", () -> config.sweep().parallelBatches());

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

    /**
     * Runs batches of the stage until one comes back short. The first runs here; when it was full,
     * {@code parallel-batches} workers go on at once, each claiming its own cases (SKIP LOCKED, as
     * between replicas).
     */
    private int drain(SweepStage stage, Campaign scope, Instant now) {
        int size = config.sweep().batchSize();
        int first = batches.run(stage, scope, now, size);
        int parallel = config.sweep().parallelBatches();
        if (first < size) {
            return first;
        }
        if (parallel <= 1) {
            return first + drainAlone(stage, scope, now, size);
        }
        List<Future<Integer>> running = new ArrayList<>(parallel);
        for (int i = 0; i < parallel; i++) {
            running.add(workers.get().submit(() -> drainAlone(stage, scope, now, size)));
        }
        int total = first;
        RuntimeException failure = null;
        for (Future<Integer> worker : running) {
            try {
                total += worker.get();
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while the stage " + stage + " ran", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return total;
    }

    private int drainAlone(SweepStage stage, Campaign scope, Instant now, int size) {
        int total = 0;
        int claimed;
        do {
            claimed = batches.run(stage, scope, now, size);
            total += claimed;
        } while (claimed == size);
        return total;
    }

    @PreDestroy
    void stop() {
        workers.stop(true);
    }
}
