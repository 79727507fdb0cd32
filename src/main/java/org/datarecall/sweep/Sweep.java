package org.datarecall.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.datarecall.campaign.Campaign;
import org.datarecall.platform.config.DataRecallConfig;
import org.jboss.logging.Logger;
import org.datarecall.platform.concurrent.WorkerThreads;
import org.datarecall.platform.jdbc.Times;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
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

    private static final Logger LOG = Logger.getLogger(Sweep.class);

    @Inject
    SweepBatch batches;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    private final WorkerThreads workers = new WorkerThreads("sweep-batch", () -> config.sweep().parallelBatches());

    /** Every stage's meters exist from the start at zero (see OutboxSender.registerCounters), sweep on or off. */
    void registerMeters(@Observes StartupEvent start) {
        for (SweepStage stage : SweepStage.values()) {
            metrics.timer("datarecall.sweep.duration", "stage", stage.name());
            metrics.counter("datarecall.sweep.cases", "stage", stage.name());
            metrics.counter("datarecall.sweep.failures", "stage", stage.name());
        }
    }

    @Scheduled(every = "${datarecall.sweep.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "datarecall-sweep")
    void scheduled() {
        runOnce();
    }

    /**
     * One full pass at the current time; answers how many cases each stage moved. Each stage, and
     * each campaign of a per-campaign stage, runs on its own: one that fails is logged and counted
     * ({@code datarecall.sweep.failures}), and the others still run; the next pass tries it again.
     */
    public Map<SweepStage, Integer> runOnce() {
        Instant now = Times.stored(clock.instant());
        Map<SweepStage, Integer> moved = new EnumMap<>(SweepStage.class);
        List<Campaign> active = batches.activeCampaigns();
        for (SweepStage stage : SweepStage.values()) {
            Timer.Sample sample = Timer.start(metrics);
            int total = 0;
            if (stage == SweepStage.NOTIFY || stage == SweepStage.REQUEST) {
                for (Campaign campaign : active) {
                    total += drainOrLog(stage, campaign, now);
                }
            } else {
                total += drainOrLog(stage, null, now);
            }
            sample.stop(metrics.timer("datarecall.sweep.duration", "stage", stage.name()));
            metrics.counter("datarecall.sweep.cases", "stage", stage.name()).increment(total);
            moved.put(stage, total);
        }
        return moved;
    }

    private int drainOrLog(SweepStage stage, Campaign scope, Instant now) {
        try {
            return drain(stage, scope, now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "sweep stage %s failed%s; the other stages and campaigns go on", stage,
                    scope == null ? "" : " for campaign " + scope.id());
            metrics.counter("datarecall.sweep.failures", "stage", stage.name()).increment();
            return 0;
        }
    }

    /**
     * Runs batches of the stage until one comes back short. The first runs here; when it was full,
     * {@code parallel-batches} workers go on at once, each claiming its own cases (SKIP LOCKED, as
     * between replicas). Cases a batch passed over are left out of every later batch of the run.
     */
    private int drain(SweepStage stage, Campaign scope, Instant now) {
        int size = config.sweep().batchSize();
        Set<UUID> passedOver = ConcurrentHashMap.newKeySet();
        SweepBatch.Result first = batch(stage, scope, now, size, passedOver);
        int parallel = config.sweep().parallelBatches();
        if (first.claimed() < size) {
            return first.moved();
        }
        if (parallel <= 1) {
            return first.moved() + drainAlone(stage, scope, now, size, passedOver);
        }
        List<Future<Integer>> running = new ArrayList<>(parallel);
        for (int i = 0; i < parallel; i++) {
            running.add(workers.get().submit(() -> drainAlone(stage, scope, now, size, passedOver)));
        }
        int total = first.moved();
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

    private int drainAlone(SweepStage stage, Campaign scope, Instant now, int size, Set<UUID> passedOver) {
        int total = 0;
        SweepBatch.Result result;
        do {
            result = batch(stage, scope, now, size, passedOver);
            total += result.moved();
        } while (result.claimed() == size);
        return total;
    }

    private SweepBatch.Result batch(SweepStage stage, Campaign scope, Instant now, int size, Set<UUID> passedOver) {
        SweepBatch.Result result = batches.run(stage, scope, now, size, List.copyOf(passedOver));
        passedOver.addAll(result.passedOver());
        return result;
    }

    @PreDestroy
    void stop() {
        workers.stop(true);
    }
}
