package org.datarecall.checkpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.datarecall.evidence.CheckpointKeys;
import org.datarecall.evidence.CheckpointStore;
import org.datarecall.platform.config.DataRecallConfig;
import org.jboss.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Every {@code datarecall.checkpoint.interval}, on every replica: each campaign with events no
 * checkpoint covers gets one for the current interval. The interval is claimed in the database in
 * the checkpoint's own transaction, so however many replicas run this, one checkpoint is taken per
 * campaign and interval; a replica that dies mid-way leaves the interval to the next that tries.
 */
@ApplicationScoped
public class CheckpointSchedule {

    private static final Logger LOG = Logger.getLogger(CheckpointSchedule.class);

    @Inject
    CheckpointService checkpoints;

    @Inject
    CheckpointStore store;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    @Inject
    CheckpointKeys keys;

    @ConfigProperty(name = "quarkus.init-and-exit", defaultValue = "false")
    boolean initAndExit;

    /** A service that cannot sign stops at start, not at its first checkpoint; a migration run needs no key. */
    void requireKey(@Observes StartupEvent start) {
        if (!initAndExit) {
            keys.currentKeyId();
        }
    }

    @Scheduled(every = "${datarecall.checkpoint.interval}", identity = "datarecall-checkpoint",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce(clock.instant());
    }

    /** Takes the due checkpoints of the interval {@code now} falls in; answers how many this replica took. */
    public int runOnce(Instant now) {
        Instant slot = slot(now, interval(config.checkpoint().interval()));
        int taken = 0;
        for (UUID campaignId : store.dueCampaigns()) {
            try {
                if (checkpoints.take(campaignId, "SCHEDULED", slot).isPresent()) {
                    taken++;
                }
            } catch (RuntimeException e) {
                // One campaign's failure must not keep the others unsigned; the next interval tries again.
                LOG.errorf(e, "checkpoint of campaign %s failed", campaignId);
            }
        }
        return taken;
    }

    /** The start of the interval {@code now} falls in, counted from the epoch. */
    static Instant slot(Instant now, Duration interval) {
        long millis = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), millis) * millis);
    }

    /** {@code PT1H} or the scheduler's short form {@code 1h}; {@code off} counts as an hour (nothing runs). */
    static Duration interval(String configured) {
        String value = configured.strip();
        if (value.equalsIgnoreCase("off") || value.equalsIgnoreCase("disabled")) {
            return Duration.ofHours(1);
        }
        return Duration.parse(value.toUpperCase().startsWith("P") ? value : "PT" + value);
    }
}
