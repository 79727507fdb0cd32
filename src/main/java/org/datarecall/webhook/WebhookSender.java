package org.datarecall.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.Times;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Delivers the webhook outbox. Every replica polls; a claim (its own short transaction) leases due
 * deliveries to this replica, they are POSTed at once and in parallel outside any transaction, each
 * limited by {@code datarecall.outbox.send-timeout}, then marked under the claim id: a replica whose
 * lease ran out cannot overwrite what another did. At least once: a replica that dies mid-batch leaves
 * its deliveries leased, and another sends them again after the lease, with the same CloudEvents id.
 * A 2xx answer delivers; 408, 429, 5xx, a timeout or no connection is tried again with the mail
 * outbox's backoff; any other 4xx, or the last attempt, ends the delivery FAILED with the answer.
 * Enforcement calls ride the same outbox; their end (2xx, or FAILED) is fired as an
 * {@link EnforcementOutcome} inside the transaction that marks them, for the case to record.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    /** Delivered rows are kept this long (for GET /webhook-deliveries?status=SENT), then removed. */
    static final Duration KEPT_SENT = Duration.ofDays(30);

    /** The signature header: {@code sha256=<hex HMAC-SHA256 of the body under the subscription's secret>}. */
    public static final String SIGNATURE = "X-DataRecall-Signature";

    @Inject
    WebhookOutbox outbox;

    @Inject
    Subscriptions subscriptions;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    @Inject
    jakarta.enterprise.event.Event<EnforcementOutcome> outcomes;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private volatile HttpClient http;

    /** One attempt's end: the receiver's status (null when none came) and what went wrong (null: delivered). */
    private record Attempt(WebhookOutbox.Claimed delivery, Integer status, String error, boolean permanent,
            String answer) {
        boolean delivered() {
            return error == null;
        }
    }

    @Scheduled(every = "${datarecall.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "datarecall-webhooks")
    void scheduled() {
        deliverDue();
    }

    /**
     * Delivers everything due now; answers how many were delivered. At most {@code batch-size} requests are
     * in flight, and the window is refilled as answers come: whenever a quarter of it is free, one
     * transaction marks the deliveries answered so far and claims as many due ones as there is room for. No
     * request waits for a slow one beside it, and the receiver never waits for a claim or a mark. Deliveries
     * still unanswered after a third of the lease have their lease renewed, so slow receivers cannot outlast it.
     */
    public int deliverDue() {
        if (subscriptions.all().isEmpty() && subscriptions.enforcementUrl() == null) {
            // Nothing configured: no replica spends a transaction a poll on an outbox nothing fills. Rows left
            // by a subscription since removed go (FAILED, "no longer configured") once any is configured again.
            return 0;
        }
        failStuck();
        return new Pass().run();
    }

    /** The deliveries one claim leased: those not yet recorded, and the requests that cancel after twice the send-timeout. */
    private static final class Claim {
        long renewedAt = System.nanoTime();
        final java.util.Set<UUID> open = new java.util.HashSet<>();
        final List<CompletableFuture<?>> requests = new ArrayList<>();
        java.util.concurrent.ScheduledFuture<?> cancelling;
    }

    /** One pass: a window of requests in flight, refilled and marked in one transaction per step. */
    private final class Pass {
        private final UUID claimId = UUID.randomUUID();
        private final int window = Math.max(1, config.outbox().batchSize());
        private final int refill = Math.max(1, window / 4);
        private final Duration lease = config.outbox().lease();
        /** Attempts as they end, from the HTTP client's threads. */
        private final java.util.concurrent.LinkedBlockingQueue<Attempt> ended = new java.util.concurrent.LinkedBlockingQueue<>();
        private final java.util.Map<UUID, Claim> claimOf = new java.util.HashMap<>();
        private final List<Attempt> done = new ArrayList<>();
        private boolean more = true;
        private int delivered;
        private long firstDoneAt;

        /** Requests posted and not yet answered: every claimed delivery not yet recorded, but those answered. */
        private int inFlight() {
            return claimOf.size() - done.size();
        }

        int run() {
            while (true) {
                take(ended.drainTo(done));
                int inFlight = inFlight();
                boolean room = more && inFlight <= window - refill;
                boolean flush = !done.isEmpty() && (done.size() >= refill || inFlight == 0
                        || System.nanoTime() - firstDoneAt > FLUSH_AFTER_NANOS);
                if (room || flush) {
                    step(room ? window - inFlight : 0);
                }
                if (!more && claimOf.isEmpty()) {
                    return delivered;
                }
                renewOld();
                try {
                    Attempt next = ended.poll(FLUSH_AFTER_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
                    if (next != null) {
                        done.add(next);
                        take(1);
                    }
                } catch (InterruptedException e) {
                    // Shutting down: what is unmarked stays leased and is delivered again after the lease.
                    Thread.currentThread().interrupt();
                    return delivered;
                }
            }
        }

        /** Notes when the oldest of the answers waiting for their mark came. */
        private void take(int answers) {
            if (answers > 0 && firstDoneAt == 0) {
                firstDoneAt = System.nanoTime();
            }
        }

        /** Marks the delivered webhooks among the ended attempts and claims {@code ask} more, in one transaction. */
        private void step(int ask) {
            List<Attempt> ending = List.copyOf(done);
            done.clear();
            firstDoneAt = 0;
            List<Attempt> sent = ending.stream().filter(a -> a.delivered() && !a.delivery().enforcement()).toList();
            Instant now = Times.stored(clock.instant());
            MarkedAndClaimed step = QuarkusTransaction.requiringNew().call(() -> new MarkedAndClaimed(
                    outbox.markSent(claimId, sent.stream().map(a -> a.delivery().id()).toList(),
                            sent.stream().map(Attempt::status).toList(), now),
                    ask > 0 ? outbox.claim(claimId, ask, now, lease) : List.of()));
            if (step.marked() < sent.size()) {
                LOG.warnf("%d webhook delivery(ies) made after another replica took them over; its mark stands",
                        sent.size() - step.marked());
            }
            metrics.counter("datarecall.webhooks.delivered").increment(step.marked());
            delivered += sent.size() + recordOthers(claimId, ending);
            ending.forEach(a -> recorded(a.delivery().id()));
            if (ask > 0) {
                more = step.claimed().size() == ask;
                if (!step.claimed().isEmpty()) {
                    post(step.claimed());
                }
            }
        }

        private void post(List<WebhookOutbox.Claimed> claimed) {
            Claim claim = new Claim();
            for (WebhookOutbox.Claimed d : claimed) {
                claim.open.add(d.id());
                claimOf.put(d.id(), claim);
            }
            for (WebhookOutbox.Claimed d : claimed) {
                try {
                    claim.requests.add(WebhookSender.this.post(d, ended::add));
                } catch (RuntimeException e) {
                    // A request that could not even be made (a URL the client refuses, say) is a failed attempt
                    // like any other, so the window's count stays right and the rest of the pass goes on.
                    ended.add(new Attempt(d, null, e.getClass().getSimpleName() + ": " + e.getMessage(), false, null));
                }
            }
            // The request's own timeout ends at the answer's headers; an answer that never ends is cut here, so
            // one receiver cannot hold the pass (connect and answer: two send-timeouts at most).
            claim.cancelling = timers.schedule(() -> claim.requests.forEach(r -> r.cancel(true)),
                    config.outbox().sendTimeout().toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private void recorded(UUID id) {
            Claim claim = claimOf.remove(id);
            if (claim != null && claim.open.remove(id) && claim.open.isEmpty()) {
                claim.cancelling.cancel(false);
            }
        }

        /** Renews the lease of deliveries claimed (or last renewed) a third of a lease ago and not yet recorded. */
        private void renewOld() {
            long now = System.nanoTime();
            List<Claim> old = claimOf.values().stream().distinct()
                    .filter(c -> now - c.renewedAt >= lease.toNanos() / 3).toList();
            if (old.isEmpty()) {
                return;
            }
            List<UUID> ids = old.stream().flatMap(c -> c.open.stream()).toList();
            Instant until = Times.stored(clock.instant()).plus(lease);
            int kept = QuarkusTransaction.requiringNew().call(() -> outbox.renew(claimId, ids, until));
            old.forEach(c -> c.renewedAt = now);
            if (kept < ids.size()) {
                LOG.warnf("%d webhook delivery(ies) were taken over by another replica after this one's lease "
                        + "ran out; their attempts here will not be marked", ids.size() - kept);
            }
        }
    }

    /** How long an ended attempt may wait for its mark when the window needs no refill (the pass's tail). */
    private static final long FLUSH_AFTER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    /** Cuts requests whose answer outlasts twice the send-timeout: one timer per claim, not per request. */
    private java.util.concurrent.ScheduledThreadPoolExecutor timers;

    @jakarta.annotation.PostConstruct
    void start() {
        timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "webhook-timeouts");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    /** What one transaction did: how many deliveries it marked, and those it claimed next. */
    private record MarkedAndClaimed(int marked, List<WebhookOutbox.Claimed> claimed) {
    }

    /**
     * Once a pass: ends FAILED the due deliveries claimed {@code max-attempts} times without an attempt
     * that ended (a replica that died on them each time); an enforcement call among them is recorded on its
     * case as failed, in the same transaction. Removes delivered rows older than {@link #KEPT_SENT}.
     */
    private void failStuck() {
        Instant now = Times.stored(clock.instant());
        List<WebhookOutbox.Claimed> stuck = QuarkusTransaction.requiringNew().call(() -> {
            List<WebhookOutbox.Claimed> failed = outbox.failUnmarked(config.outbox().maxAttempts(), now);
            for (WebhookOutbox.Claimed d : failed) {
                if (d.enforcement()) {
                    outcomes.fire(outcome(new Attempt(d, null, "claimed " + config.outbox().maxAttempts()
                            + " times, and no attempt ever ended", true, null), false));
                }
            }
            return failed;
        });
        if (!stuck.isEmpty()) {
            LOG.warnf("%d webhook delivery(ies) FAILED: claimed %d times without an attempt that ended", stuck.size(),
                    config.outbox().maxAttempts());
            metrics.counter("datarecall.webhooks.failed").increment(stuck.size());
        }
        QuarkusTransaction.requiringNew().call(() -> outbox.removeSent(now.minus(KEPT_SENT)));
    }

    /** Posts one delivery; its attempt, however it ends, goes to {@code ended}. Answers the HTTP request, to cancel. */
    private CompletableFuture<?> post(WebhookOutbox.Claimed d, java.util.function.Consumer<Attempt> ended) {
        URI url;
        byte[] secret;
        String type;
        if (d.enforcement()) {
            url = subscriptions.enforcementUrl();
            secret = subscriptions.enforcementSecret();
            type = "application/json; charset=utf-8";
            if (url == null) {
                ended.accept(new Attempt(d, null, "datarecall.platform.enforcement-url is no longer set", true, null));
                return CompletableFuture.completedFuture(null);
            }
        } else {
            Subscriptions.Subscription to = subscriptions.all().get(d.subscription());
            if (to == null) {
                ended.accept(new Attempt(d, null, "the subscription " + d.subscription() + " is no longer configured",
                        true, null));
                return CompletableFuture.completedFuture(null);
            }
            url = to.url();
            secret = to.secret();
            type = "application/cloudevents+json; charset=utf-8";
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(config.outbox().sendTimeout())
                .header("Content-Type", type)
                .header("X-DataRecall-Delivery", d.id().toString())
                .header("User-Agent", "DataRecall-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header(SIGNATURE, signature(secret, body));
        }
        // What the platform answers an enforcement call is kept with it; a webhook's answer is not read.
        HttpResponse.BodyHandler<String> answer = d.enforcement() ? info -> CappedText.of(ANSWER_KEPT)
                : HttpResponse.BodyHandlers.replacing(null);
        CompletableFuture<HttpResponse<String>> sent = client().sendAsync(request.build(), answer);
        sent.handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CancellationException
                        ? new java.net.http.HttpTimeoutException("no whole answer within twice the send-timeout")
                        : failure.getCause() != null ? failure.getCause() : failure;
                return new Attempt(d, null, cause.getClass().getSimpleName() + ": " + cause.getMessage(), false, null);
            }
            int status = response.statusCode();
            String said = excerpt(response.body());
            if (status >= 200 && status < 300) {
                return new Attempt(d, status, null, false, said);
            }
            boolean again = status == 408 || status == 429 || status >= 500 || status < 200;
            return new Attempt(d, status, "the receiver answered " + status, !again, said);
        }).thenAccept(ended);
        return sent;
    }

    /** The bytes of the platform's answer that are read (the rest is not); 1,000 characters are kept. */
    static final int ANSWER_KEPT = 4096;

    /** At most the first 1,000 characters of an answer. */
    private static String excerpt(String answer) {
        return answer == null || answer.isEmpty() ? null : answer.length() > 1000 ? answer.substring(0, 1000) : answer;
    }

    /**
     * Marks the rest of a half's ended attempts, each in a transaction of its own: an enforcement call's
     * answer (with its case event) and every failure. One that cannot be marked is logged and left to its
     * lease (it is tried again), never taking the others with it. Answers how many enforcement calls were
     * answered.
     */
    private int recordOthers(UUID claimId, List<Attempt> done) {
        int answered = 0;
        for (Attempt a : done) {
            try {
                if (a.delivered() && a.delivery().enforcement()) {
                    if (QuarkusTransaction.requiringNew().call(() -> {
                        boolean marked = outbox.markAnswered(claimId, a.delivery().id(), a.status(), a.answer(),
                                Times.stored(clock.instant()));
                        if (marked) {
                            outcomes.fire(outcome(a, true));
                        }
                        return marked;
                    })) {
                        answered++;
                    }
                } else if (!a.delivered()) {
                    failed(claimId, a);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "webhook delivery %s could not be marked; it is tried again after its lease",
                        a.delivery().id());
            }
        }
        return answered;
    }

    /** What the case records of an enforcement call's end. */
    private EnforcementOutcome outcome(Attempt a, boolean confirmed) {
        String measure = null;
        try {
            measure = JSON.readTree(a.delivery().body()).path("measure").asText(null);
        } catch (java.io.IOException e) {
            // Our own document: always JSON.
        }
        return new EnforcementOutcome(a.delivery().caseId(), a.delivery().id(), confirmed, measure, a.status(),
                confirmed ? a.answer() : a.answer() == null ? a.error() : a.error() + ": " + a.answer());
    }

    private void failed(UUID claimId, Attempt a) {
        WebhookOutbox.Claimed d = a.delivery();
        int attempt = d.attempts() + 1;
        if (a.permanent() || attempt >= config.outbox().maxAttempts()) {
            if (QuarkusTransaction.requiringNew().call(() -> {
                boolean marked = outbox.markFailed(claimId, d.id(), a.status(), a.error(), a.answer());
                if (marked && d.enforcement()) {
                    // In the mark's transaction: the case records the failure exactly when the call ends FAILED.
                    outcomes.fire(outcome(a, false));
                }
                return marked;
            })) {
                LOG.warnf("webhook delivery %s (%s, event %s) FAILED after %d attempt(s): %s", d.id(), d.subscription(),
                        d.eventId(), attempt, a.error());
                metrics.counter("datarecall.webhooks.failed").increment();
            }
        } else {
            Instant retry = Times.stored(clock.instant()).plus(config.outbox().backoffAfter(attempt));
            QuarkusTransaction.requiringNew().call(() -> outbox.retryAt(claimId, d.id(), retry, a.status(), a.error()));
        }
    }


    /** {@code sha256=} and the hex HMAC-SHA256 of the body under the secret. */
    public static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(config.outbox().sendTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
                c = http;
            }
        }
        return c;
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
        HttpClient c = http;
        if (c != null) {
            c.shutdownNow();
        }
    }
}
