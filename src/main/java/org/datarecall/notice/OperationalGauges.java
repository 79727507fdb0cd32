package org.datarecall.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Gauges that need a query: cases by state, and how long the oldest queued mail has waited.
 * They are refreshed on a schedule rather than on every scrape, so a busy Prometheus never
 * adds load to the database.
 */
@ApplicationScoped
@Startup
public class OperationalGauges {

    private static final Logger LOG = Logger.getLogger(OperationalGauges.class);

    @Inject
    Jdbc jdbc;

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    private final Map<CaseState, AtomicLong> casesByState = new EnumMap<>(CaseState.class);
    private final AtomicLong oldestQueuedSeconds = new AtomicLong();
    private final List<Meter> registered = new ArrayList<>();

    @PostConstruct
    void register() {
        for (CaseState state : CaseState.values()) {
            AtomicLong count = new AtomicLong();
            casesByState.put(state, count);
            registered.add(Gauge.builder("datarecall.cases", count, AtomicLong::get).tag("state", state.name())
                    .description("cases in each state, over all campaigns").register(metrics));
        }
        registered.add(Gauge.builder("datarecall.notices.oldest.queued.age", oldestQueuedSeconds, AtomicLong::get)
                .baseUnit("seconds").description("how long the oldest queued mail has waited").register(metrics));
    }

    /**
     * Gauges hold on to this bean's counters; removing them at shutdown lets a restarted application
     * in the same JVM (as in tests) register its own instead of finding these stale ones.
     */
    @PreDestroy
    void unregister() {
        registered.forEach(metrics::remove);
        registered.clear();
    }

    @Scheduled(every = "${datarecall.metrics.refresh-interval}", identity = "datarecall-gauges",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        Map<CaseState, Long> counts = new EnumMap<>(CaseState.class);
        try {
            // From the counts kept per campaign (V25), not a scan of every case.
            jdbc.list("SELECT state, sum(cases) FROM dr_case_count_now GROUP BY state",
                    rs -> counts.put(CaseState.valueOf(rs.getString(1)), rs.getLong(2)));
        } catch (DatabaseException e) {
            LOG.warn("gauges not refreshed", e);
            return;
        }
        casesByState.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
        Instant oldest = outbox.oldestQueued();
        oldestQueuedSeconds.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant())
                .toSeconds()));
    }
}
