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
     * Delivers everything due now, batch by batch; answers how many were delivered. Two half batches are in
     * flight at once (so never more than {@code batch-size} requests): when the older is answered, one
     * transaction marks its delivered ones and claims the next half, which is posted while the other half
     * is still being answered — the receiver never waits for a claim or a mark. A half still waiting after a
     * third of the lease has its lease renewed, so slow receivers cannot outlast it.
     */
    public int deliverDue() {
        if (subscriptions.all().isEmpty() && subscriptions.enforcementUrl() == null) {
            // Nothing configured: no replica spends a transaction a poll on an outbox nothing fills. Rows left
            // by a subscription since removed go (FAILED, "no longer configured") once any is configured again.
            return 0;
        }
        int half = Math.max(1, config.outbox().batchSize() / 2);
        Duration lease = config.outbox().lease();
        UUID claimId = UUID.randomUUID();
        failStuck();
        java.util.ArrayDeque<Batch> inFlight = new java.util.ArrayDeque<>();
        boolean more = true;
        while (more && inFlight.size() < 2) {
            Instant now = Times.stored(clock.instant());
            List<WebhookOutbox.Claimed> claimed = QuarkusTransaction.requiringNew()
                    .call(() -> outbox.claim(claimId, half, now, lease));
            more = claimed.size() == half;
            if (!claimed.isEmpty()) {
                inFlight.add(post(claimed));
            }
        }
        int delivered = 0;
        while (!inFlight.isEmpty()) {
            List<Attempt> done = inFlight.poll().attempts().stream().map(CompletableFuture::join).toList();
            List<Attempt> webhooksSent = done.stream().filter(a -> a.delivered() && !a.delivery().enforcement()).toList();
            boolean claimMore = more;
            Instant now = Times.stored(clock.instant());
            MarkedAndClaimed step = QuarkusTransaction.requiringNew().call(() -> new MarkedAndClaimed(
                    outbox.markSent(claimId, webhooksSent.stream().map(a -> a.delivery().id()).toList(),
                            webhooksSent.stream().map(Attempt::status).toList(), now),
                    claimMore ? outbox.claim(claimId, half, now, lease) : List.of()));
            if (step.marked() < webhooksSent.size()) {
                LOG.warnf("%d webhook delivery(ies) made after another replica took them over; its mark stands",
                        webhooksSent.size() - step.marked());
            }
            metrics.counter("datarecall.webhooks.delivered").increment(step.marked());
            delivered += webhooksSent.size() + recordOthers(claimId, done);
            if (claimMore) {
                more = step.claimed().size() == half;
                if (!step.claimed().isEmpty()) {
                    inFlight.add(post(step.claimed()));
                }
            }
            renewIfOld(claimId, inFlight.peek(), lease);
        }
        return delivered;
    }

    /** A claimed half on its way: when it was claimed, the deliveries' ids and their attempts. */
    private record Batch(long claimedAt, List<UUID> ids, List<CompletableFuture<Attempt>> attempts) {
    }

    /** What one transaction did: how many deliveries it marked, and the half it claimed next. */
    private record MarkedAndClaimed(int marked, List<WebhookOutbox.Claimed> claimed) {
    }

    private Batch post(List<WebhookOutbox.Claimed> claimed) {
        return new Batch(System.nanoTime(), claimed.stream().map(WebhookOutbox.Claimed::id).toList(),
                claimed.stream().map(this::post).toList());
    }

    /** Renews the waiting half's lease once a third of it has gone (a slow receiver), so it cannot run out. */
    private void renewIfOld(UUID claimId, Batch waiting, Duration lease) {
        if (waiting == null || System.nanoTime() - waiting.claimedAt() < lease.toNanos() / 3) {
            return;
        }
        Instant until = Times.stored(clock.instant()).plus(lease);
        int kept = QuarkusTransaction.requiringNew().call(() -> outbox.renew(claimId, waiting.ids(), until));
        if (kept < waiting.ids().size()) {
            LOG.warnf("%d webhook delivery(ies) were taken over by another replica after this one's lease "
                    + "ran out; their attempts here will not be marked", waiting.ids().size() - kept);
        }
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

    private CompletableFuture<Attempt> post(WebhookOutbox.Claimed d) {
        URI url;
        byte[] secret;
        String type;
        if (d.enforcement()) {
            url = subscriptions.enforcementUrl();
            secret = subscriptions.enforcementSecret();
            type = "application/json; charset=utf-8";
            if (url == null) {
                return CompletableFuture.completedFuture(new Attempt(d, null,
                        "datarecall.platform.enforcement-url is no longer set", true, null));
            }
        } else {
            Subscriptions.Subscription to = subscriptions.all().get(d.subscription());
            if (to == null) {
                return CompletableFuture.completedFuture(new Attempt(d, null,
                        "the subscription " + d.subscription() + " is no longer configured", true, null));
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
        // The request's own timeout ends at the answer's headers; a body that never ends is cut here, so one
        // receiver cannot hold the pass (connect and answer: two send-timeouts at most).
        CompletableFuture.delayedExecutor(config.outbox().sendTimeout().toMillis() * 2,
                java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> sent.cancel(true));
        return sent.handle((response, failure) -> {
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
        });
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
        HttpClient c = http;
        if (c != null) {
            c.shutdownNow();
        }
    }
}
