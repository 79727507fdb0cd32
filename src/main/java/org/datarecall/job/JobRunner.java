package org.datarecall.job;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.DatabaseException;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Runs jobs on every replica: claims the oldest open job nobody holds, renews its lease from a thread of
 * its own while the job's handler works, and goes on to the next until none is left. A replica that
 * dies stops renewing; once its lease has run out, another claims the job and its handler goes on from
 * what was committed. A job claimed more than {@code datarecall.jobs.max-attempts} times ends FAILED.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    @Inject
    JobStore store;

    @Inject
    Instance<JobHandler> handlers;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    private final Map<JobKind, JobHandler> byKind = new EnumMap<>(JobKind.class);

    @PostConstruct
    void index() {
        for (JobHandler h : handlers) {
            byKind.put(h.kind(), h);
        }
    }

    @Scheduled(every = "${datarecall.jobs.poll-interval}", identity = "datarecall-jobs",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runAll();
        } catch (DatabaseException e) {
            LOG.warn("jobs not looked for this time", e);
        }
    }

    /** Claims and runs open jobs until none is left; answers how many runs it made. */
    public int runAll() {
        int runs = 0;
        while (true) {
            String owner = UUID.randomUUID().toString(); // one per claim: a lease lost once is never mistaken for a new one
            Optional<Job> claimed = store.claim(owner, clock.instant(), config.jobs().lease());
            if (claimed.isEmpty()) {
                return runs;
            }
            run(claimed.get(), new JobLease(claimed.get().id(), owner));
            runs++;
        }
    }

    /** Runs one claimed job with its lease renewed meanwhile. */
    public void run(Job job, JobLease lease) {
        if (job.attempts() > config.jobs().maxAttempts()) {
            LOG.errorf("job %s (%s) given up after %d attempts", job.id(), job.kind(), job.attempts() - 1);
            store.abandon(job.id(), "given up after " + (job.attempts() - 1) + " attempts: each run failed or its "
                    + "replica stopped; what the runs committed stays done", clock.instant());
            return;
        }
        Duration length = config.jobs().lease();
        Thread renewer = Thread.ofPlatform().daemon().name("datarecall-job-lease").start(() -> renew(lease, length));
        try {
            byKind.get(job.kind()).run(job, lease);
        } catch (RuntimeException e) {
            // Left RUNNING with its lease: it is tried again once the lease runs out, up to max-attempts.
            LOG.errorf(e, "job %s (%s) failed on attempt %d; it is tried again after its lease", job.id(), job.kind(),
                    job.attempts());
        } finally {
            renewer.interrupt();
        }
    }

    private void renew(JobLease lease, Duration length) {
        long every = Math.max(1, length.toMillis() / 3);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
                if (!store.renew(lease, clock.instant(), length)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "lease of job %s not renewed this time", lease.jobId());
            }
        }
    }
}
