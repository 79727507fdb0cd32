package org.datarecall.portal;

import java.time.Clock;

import org.datarecall.platform.jdbc.Times;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Removes evidence files nobody attached within a day, on every replica every
 * {@code datarecall.evidence.cleanup-interval}. Replicas running it at once share the work (rows
 * one holds are skipped by the others), and a file being attached is never taken.
 */
@ApplicationScoped
public class EvidenceCleanup {

    private static final Logger LOG = Logger.getLogger(EvidenceCleanup.class);

    @Inject
    EvidenceStore store;

    @Inject
    Clock clock;

    @Scheduled(every = "${datarecall.evidence.cleanup-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "datarecall-evidence-cleanup")
    void scheduled() {
        int removed = runOnce();
        if (removed > 0) {
            LOG.infof("removed %d evidence file(s) never attached to an attestation", removed);
        }
    }

    /** Answers how many files this run removed. */
    public int runOnce() {
        return store.removeUnattached(Times.stored(clock.instant()));
    }
}
