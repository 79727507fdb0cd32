package org.datarecall.notice;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.datarecall.evidence.Checkpoint;
import org.datarecall.evidence.CheckpointView;
import org.datarecall.evidence.CheckpointStore;
import org.datarecall.link.DeveloperLinks;
import org.datarecall.platform.concurrent.WorkerThreads;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.Times;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends the outbox. Every replica polls; a claim (its own short transaction) leases due mails to
 * this replica, they are sent outside any transaction, then marked. A replica that dies mid-send
 * leaves its mails leased; when the lease ends another replica sends them again with the same
 * Message-ID, so nothing is lost and a duplicate is recognisable. Failures are retried with
 * exponential backoff; a permanent refusal (SMTP 5xx) or the last attempt ends the mail FAILED
 * with the server's answer, visible in the case and the summary.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);

    /** While sends are still in flight and the queue looked empty, how often it is looked at again. */
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(1);

    /** How long a finished send may wait for others to be marked with it. */
    private static final Duration MARK_DELAY = Duration.ofMillis(100);

    @Inject
    Outbox outbox;

    @Inject
    SmtpClient smtp;

    @Inject
    DeveloperLinks links;

    @Inject
    CheckpointStore checkpoints;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    private final WorkerThreads senders = new WorkerThreads("outbox-sender",
            () -> config.outbox().parallelSends());

    /** A lease shorter than two sends (a timed-out send is tried once more at once) hands mails over mid-send. */
    void checkLease(@Observes StartupEvent start) {
        checkLease(config.outbox().lease(), config.outbox().sendTimeout());
    }

    /**
     * Every kind's counters exist from the start at zero: an alert on {@code increase()} sees the first
     * failure of a new replica, which a counter born at 1 would hide.
     */
    void registerCounters(@Observes StartupEvent start) {
        for (NoticeKind kind : NoticeKind.values()) {
            metrics.counter("datarecall.notices.sent", "kind", kind.name());
            metrics.counter("datarecall.notices.failed", "kind", kind.name());
        }
    }

    static void checkLease(Duration lease, Duration sendTimeout) {
        if (lease.compareTo(sendTimeout.multipliedBy(2)) <= 0) {
            throw new IllegalStateException("datarecall.outbox.lease (" + lease + ") must be longer than twice "
                    + "datarecall.outbox.send-timeout (" + sendTimeout + "): a send that times out is tried once more");
        }
    }

    @Scheduled(every = "${datarecall.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "datarecall-outbox")
    void scheduled() {
        sendDue();
    }

    /** A send that ended: the server took the mail (failure null) or it did not. */
    private record Finished(Outbox.Claimed notice, Throwable failure) {
    }

    /**
     * Sends everything due now; answers how many mails were sent. Mails are claimed in batches, but
     * each is marked soon after its own send ends, and the next batch is claimed once half of the
     * last has gone: a server that never answers one conversation holds one sending thread until
     * {@code send-timeout}, not the batch around it. While such a send is waited for, the queue is
     * looked at again every second, so mail that falls due meanwhile goes out at once, not after it.
     */
    public int sendDue() {
        int batch = config.outbox().batchSize();
        Duration lease = config.outbox().lease();
        // One claim id for this pass: every mark it makes names it, so once another replica has taken a
        // mail over (this pass's lease ran out), nothing this pass does can overwrite what that one did.
        UUID claimId = UUID.randomUUID();
        BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        Set<UUID> inFlight = new HashSet<>();
        long renewEvery = lease.toNanos() / 3;
        long renewedAt = System.nanoTime();
        int sent = 0;
        boolean moreDue = true;
        long lookedAt = System.nanoTime();
        try {
            while (true) {
                boolean lookAgain = !moreDue && System.nanoTime() - lookedAt >= LOOK_AGAIN.toNanos();
                if ((moreDue || lookAgain) && inFlight.size() <= batch / 2) {
                    lookedAt = System.nanoTime();
                    int wanted = batch - inFlight.size();
                    Instant now = Times.stored(clock.instant());
                    List<Outbox.Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> {
                        int stuck = outbox.failUnmarked(config.outbox().maxAttempts(), now);
                        if (stuck > 0) {
                            LOG.warnf("%d mail(s) FAILED: claimed %d times without a send that ended", stuck,
                                    config.outbox().maxAttempts());
                        }
                        return outbox.claim(claimId, wanted, now, lease);
                    });
                    moreDue = claimed.size() == wanted;
                    for (Outbox.Claimed notice : claimed) {
                        inFlight.add(notice.id());
                        senders.get().execute(() -> finished.add(new Finished(notice, attempt(notice))));
                    }
                }
                if (inFlight.isEmpty()) {
                    return sent;
                }
                List<Finished> done = collect(finished, inFlight.size());
                done.forEach(f -> inFlight.remove(f.notice().id()));
                sent += record(claimId, done);
                if (System.nanoTime() - renewedAt >= renewEvery && !inFlight.isEmpty()) {
                    // A slow server must not let the lease of mails still waiting or being sent run out.
                    renewedAt = System.nanoTime();
                    Instant until = Times.stored(clock.instant()).plus(lease);
                    List<UUID> held = List.copyOf(inFlight);
                    int kept = QuarkusTransaction.requiringNew().call(() -> outbox.renew(claimId, held, until));
                    if (kept < held.size()) {
                        LOG.warnf("%d claimed mail(s) were taken over by another replica after this one's lease ran "
                                + "out; their sends here will not be marked", held.size() - kept);
                    }
                }
            }
        } catch (InterruptedException e) {
            // Shutting down: mails still in flight stay leased and go out again after the lease.
            Thread.currentThread().interrupt();
            return sent;
        }
    }

    /**
     * Waits for the next sends to end: the first for up to a second, then those that end within
     * {@link #MARK_DELAY} after it (or until none is left in flight), so that marks go in batches.
     */
    private static List<Finished> collect(BlockingQueue<Finished> finished, int inFlight) throws InterruptedException {
        List<Finished> done = new ArrayList<>();
        Finished first = finished.poll(1, TimeUnit.SECONDS);
        if (first == null) {
            return done;
        }
        done.add(first);
        long until = System.nanoTime() + MARK_DELAY.toNanos();
        while (done.size() < inFlight) {
            finished.drainTo(done);
            long left = until - System.nanoTime();
            if (done.size() >= inFlight || left <= 0) {
                break;
            }
            Finished next = finished.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            done.add(next);
        }
        return done;
    }

    /** Marks ended sends: the sent ones in one statement, each failure on its own. Answers how many were sent. */
    private int record(UUID claimId, List<Finished> done) {
        List<UUID> sentIds = new ArrayList<>();
        for (Finished f : done) {
            if (f.failure() == null) {
                sentIds.add(f.notice().id());
                metrics.counter("datarecall.notices.sent", "kind", f.notice().kind().name()).increment();
            } else {
                failed(claimId, f.notice(), f.failure());
            }
        }
        if (!sentIds.isEmpty()) {
            int marked = QuarkusTransaction.requiringNew()
                    .call(() -> outbox.markSent(claimId, sentIds, Times.stored(clock.instant())));
            if (marked < sentIds.size()) {
                LOG.warnf("%d mail(s) sent after another replica took them over; the other replica's mark stands",
                        sentIds.size() - marked);
            }
            QuarkusTransaction.requiringNew().call(() -> outbox.clearUnreachable(sentIds));
        }
        return sentIds.size();
    }

    /** Sends one mail; answers why it did not go, or null. */
    private Throwable attempt(Outbox.Claimed notice) {
        try {
            send(notice);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Sends one mail; a conversation the server never finishes is given up by {@link SmtpClient} after send-timeout. */
    private void send(Outbox.Claimed notice) throws SmtpClient.SendFailed {
        smtp.send(mail(notice));
    }

    private void failed(UUID claimId, Outbox.Claimed notice, Throwable failure) {
        SmtpClient.SendFailed refused = failure instanceof SmtpClient.SendFailed f ? f : null;
        String answer = refused != null ? refused.answer()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        boolean permanent = refused != null && refused.permanent();
        int attempt = notice.attempts() + 1;
        if (permanent || attempt >= config.outbox().maxAttempts()) {
            if (QuarkusTransaction.requiringNew().call(() -> outbox.markFailed(claimId, notice.id(), answer))) {
                LOG.warnf("notice %s (%s, case %s) FAILED after %d attempt(s): %s", notice.id(), notice.kind(),
                        notice.caseId(), attempt, answer);
                metrics.counter("datarecall.notices.failed", "kind", notice.kind().name()).increment();
            }
        } else {
            Instant retry = Times.stored(clock.instant()).plus(config.outbox().backoffAfter(attempt));
            if (QuarkusTransaction.requiringNew().call(() -> outbox.retryAt(claimId, notice.id(), retry, answer))) {
                LOG.infof("notice %s (%s) attempt %d failed, retry at %s: %s", notice.id(), notice.kind(), attempt,
                        retry, answer);
            }
        }
    }


    private OutgoingMail mail(Outbox.Claimed notice) {
        String text = notice.bodyText();
        String html = notice.bodyHtml();
        if (notice.link() != null) {
            String url = links.url(notice.link());
            text = text.replace(MailContent.LINK_PLACEHOLDER, url);
            html = html.replace(MailContent.LINK_PLACEHOLDER, url.replace("&", "&amp;").replace("\"", "&quot;")
                    .replace("<", "&lt;").replace(">", "&gt;"));
        }
        OutgoingMail mail = envelope(config, smtp.from(), notice.id(), notice.kind(), notice.caseId(), notice.messageId(), notice.to(),
                notice.cc(), notice.subject(), text, html);
        if (notice.checkpointId() != null) {
            Checkpoint checkpoint = checkpoints.byId(notice.checkpointId()).orElseThrow();
            mail.header("X-DataRecall-Checkpoint", checkpoint.id().toString());
            mail.attach("checkpoint-" + checkpoint.id() + ".json",
                    CheckpointView.of(checkpoint).json().getBytes(StandardCharsets.UTF_8), "application/json");
        }
        return mail;
    }

    /** A mail as every kind goes out: sender, recipients, both bodies, and the headers that name kind and case. */
    static OutgoingMail envelope(DataRecallConfig config, String from, UUID noticeId, NoticeKind kind, UUID caseId,
            String messageId, List<String> to, List<String> cc, String subject, String text, String html) {
        OutgoingMail mail = new OutgoingMail(from, to, cc, subject, text, html);
        config.mail().bounceAddress().ifPresent(bounces -> mail.envelopeFrom = Verp.address(bounces, noticeId));
        if (kind.toDeveloper()) {
            mail.replyTo = config.mail().replyTo().orElse(null);
        }
        mail.header("X-DataRecall-Notice", kind.name());
        if (caseId != null) {
            mail.header("X-DataRecall-Case", caseId.toString());
        }
        return mail.header("Message-ID", messageId);
    }

    @PreDestroy
    void stop() {
        senders.stop(false);
    }
}
