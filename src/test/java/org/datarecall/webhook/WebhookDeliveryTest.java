package org.datarecall.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Webhooks against a real local HTTP receiver that answers, fails, refuses, never answers or answers
 * late: each subscribed event is POSTed as a signed CloudEvents document, at least once and once per
 * claim, with retries and FAILED as the mail outbox has them.
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.Subscribed.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDeliveryTest extends WorkflowTest {

    static final int PORT = 18_471;
    static final String SECRET = "whsec-0123456789abcdef";
    static final String PLATFORM_SECRET = "platform-enforcement-key-0123";

    public static class Subscribed implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SmtpServer.class, Map.of(), true));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("datarecall.platform.enforcement-url",
                    "http://127.0.0.1:" + PORT + "/platform/enforce"),
                    Map.entry("datarecall.platform.enforcement-secret", PLATFORM_SECRET),
                    Map.entry("datarecall.webhooks.crm.url", "http://127.0.0.1:" + PORT + "/hooks/data-recall"),
                    Map.entry("datarecall.webhooks.crm.secret", SECRET),
                    Map.entry("datarecall.webhooks.crm.events", "WITHDRAWN,NOTE_ADDED"),
                    // Events written by set-based work (the import, the platform's records).
                    Map.entry("datarecall.webhooks.log.url", "http://127.0.0.1:" + PORT + "/hooks/log"),
                    Map.entry("datarecall.webhooks.log.secret", SECRET),
                    Map.entry("datarecall.webhooks.log.events", "CASE_OPENED,DEVELOPER_UPDATED,ACCESS_REVOKED"),
                    // Nothing listens there: every attempt fails to connect.
                    Map.entry("datarecall.webhooks.gone.url", "http://127.0.0.1:9/nowhere"),
                    Map.entry("datarecall.webhooks.gone.secret", SECRET),
                    Map.entry("datarecall.webhooks.gone.events", "NOTE_ADDED"),
                    Map.entry("datarecall.outbox.max-attempts", "3"),
                    // A window of 4 requests: a few events already take several claims.
                    Map.entry("datarecall.outbox.batch-size", "4"));
        }
    }

    /** One request the receiver got. */
    record Received(String signature, String contentType, String delivery, byte[] body) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    HttpServer receiver;
    ExecutorService receiverThreads;
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    /** The statuses to answer, in order; 200 when none is left. */
    final ConcurrentLinkedDeque<Integer> answers = new ConcurrentLinkedDeque<>();
    /** How long the receiver waits before it answers. */
    final AtomicLong delayMillis = new AtomicLong();
    /** A case whose documents the receiver answers only after 2.5 s (within the 3 s send-timeout). */
    final java.util.concurrent.atomic.AtomicReference<String> slowCase = new java.util.concurrent.atomic.AtomicReference<>();
    /** The platform's enforcement endpoint: what it got, and what it answers (status and body), in order. */
    final List<Received> calls = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedDeque<Map.Entry<Integer, String>> platformAnswers = new ConcurrentLinkedDeque<>();
    /** What the "log" subscription got. */
    final List<Received> logged = Collections.synchronizedList(new ArrayList<>());

    @Inject
    WebhookSender webhooks;

    @Inject
    WebhookOutbox outbox;

    @Inject
    DataSource dataSource;

    @BeforeAll
    void receiverUp() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
        receiverThreads = Executors.newCachedThreadPool();
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hooks/data-recall", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            // The answer is chosen when the request arrives: a request still waiting to answer late must not
            // take the answer meant for the next one.
            Integer status = answers.poll();
            String slow = slowCase.get();
            try {
                Thread.sleep(slow != null && new String(body, StandardCharsets.UTF_8).contains(slow) ? 2_500
                        : delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-DataRecall-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-DataRecall-Delivery"), body));
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        receiver.createContext("/hooks/log", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            logged.add(new Received(exchange.getRequestHeaders().getFirst("X-DataRecall-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-DataRecall-Delivery"), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.createContext("/platform/enforce", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            calls.add(new Received(exchange.getRequestHeaders().getFirst("X-DataRecall-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-DataRecall-Delivery"), body));
            Map.Entry<Integer, String> answer = platformAnswers.poll();
            byte[] said = (answer == null ? "{\"done\":true}" : answer.getValue()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer == null ? 200 : answer.getKey(), said.length);
            exchange.getResponseBody().write(said);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    void receiverDown() {
        receiver.stop(0);
        receiverThreads.shutdownNow();
    }

    @BeforeEach
    void drain() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        answers.clear();
        platformAnswers.clear();
        delayMillis.set(0);
        slowCase.set(null);
        // Leftovers of an earlier test are delivered (or end FAILED) before this one counts.
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        for (int i = 0; i < 4; i++) {
            webhooks.deliverDue();
            clock.advance(Duration.ofHours(2));
        }
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        received.clear();
        calls.clear();
        logged.clear();
    }

    private String withdrawnCase(String title) {
        String campaign = PortalFixture.launched(sweep, sender, title, Map.of(), "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        manager().contentType(ContentType.JSON).body(Map.of("reason", "sent in error"))
                .post("/api/v1/cases/{id}/actions/withdraw", caseId).then().statusCode(200);
        return caseId;
    }

    private List<Received> receivedFor(String caseId) {
        synchronized (received) {
            return received.stream().filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(caseId)).toList();
        }
    }

    private String status(String caseId, String subscription) {
        return Sql.text(dataSource, "SELECT status || ':' || attempts || ':' || coalesce(response_status::text, '-') "
                + "FROM dr_webhook_delivery WHERE case_id = '" + caseId + "' AND subscription = '" + subscription + "'");
    }

    @Test
    void an_event_goes_out_once_as_a_signed_cloud_event_even_with_two_replicas_delivering() throws Exception {
        String caseId = withdrawnCase("webhook once");
        int seq = manager().get("/api/v1/cases/{id}/events", caseId).then().extract().path("items[-1].seq");

        // Due now: the WITHDRAWN event for "crm" and the CASE_OPENED of the import for "log".
        long due = Sql.count(dataSource, "SELECT count(*) FROM dr_webhook_delivery WHERE status = 'QUEUED'");
        assertThat(due).isEqualTo(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = replicas.invokeAll(List.of(webhooks::deliverDue, webhooks::deliverDue));
            int delivered = 0;
            for (Future<Integer> run : runs) {
                delivered += run.get();
            }
            assertThat(delivered).isEqualTo(due);
        } finally {
            replicas.shutdown();
        }
        List<Received> got = receivedFor(caseId);
        assertThat(got).hasSize(1);
        Received r = got.getFirst();
        assertThat(r.contentType()).isEqualTo("application/cloudevents+json; charset=utf-8");
        assertThat(r.signature()).isEqualTo(WebhookSender.signature(SECRET.getBytes(StandardCharsets.UTF_8), r.body()));
        JsonNode doc = r.json();
        assertThat(doc.path("specversion").asText()).isEqualTo("1.0");
        assertThat(doc.path("id").asText()).isEqualTo(caseId + ":" + seq);
        assertThat(doc.path("type").asText()).isEqualTo("org.datarecall.case.WITHDRAWN");
        assertThat(doc.path("subject").asText()).isEqualTo(caseId);
        assertThat(doc.path("data").path("toState").asText()).isEqualTo("WITHDRAWN");
        assertThat(doc.path("data").path("actor").asText()).isEqualTo("manager");
        assertThat(doc.path("data").path("data").path("reason").asText()).isEqualTo("sent in error");
        assertThat(status(caseId, "crm")).isEqualTo("SENT:1:200");
        // Events the subscription did not ask for (the deletion request of the launch) are not sent.
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_webhook_delivery WHERE case_id = '" + caseId
                + "' AND subscription = 'crm'")).isEqualTo(1);
    }

    @Test
    void many_events_through_small_claims_by_two_replicas_arrive_each_exactly_once() throws Exception {
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            cases.add(withdrawnCase("webhook many " + i));
        }
        delayMillis.set(50);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Callable<Integer>> runs = List.of(webhooks::deliverDue, webhooks::deliverDue);
            for (Future<Integer> run : replicas.invokeAll(runs)) {
                run.get();
            }
        } finally {
            replicas.shutdown();
        }
        for (String caseId : cases) {
            assertThat(receivedFor(caseId)).as(caseId).hasSize(1);
            assertThat(status(caseId, "crm")).isEqualTo("SENT:1:200");
        }
    }

    @Test
    void a_replica_whose_lease_ran_out_cannot_mark_what_another_claimed() {
        String caseId = withdrawnCase("webhook fencing");
        Instant now = clock.instant();
        java.util.UUID first = java.util.UUID.randomUUID();
        java.util.UUID second = java.util.UUID.randomUUID();
        List<WebhookOutbox.Claimed> a = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> outbox.claim(first, 10, now, Duration.ofMinutes(1)));
        java.util.UUID delivery = a.stream().filter(d -> d.caseId().toString().equals(caseId)
                && d.subscription().equals("crm")).findFirst().orElseThrow().id();
        // Within the lease nobody else gets it; after it, another claim does.
        assertThat(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> outbox.claim(second, 10, now.plusSeconds(30), Duration.ofMinutes(1)))).isEmpty();
        List<WebhookOutbox.Claimed> b = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> outbox.claim(second, 10, now.plusSeconds(61), Duration.ofMinutes(1)));
        assertThat(b).extracting(WebhookOutbox.Claimed::id).contains(delivery);
        assertThat(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> outbox.markSent(first,
                List.of(delivery), List.of(200), now.plusSeconds(62)))).isZero();
        assertThat(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> outbox.retryAt(first,
                delivery, now.plusSeconds(90), 500, "late"))).isFalse();
        assertThat(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> outbox.markSent(second,
                List.of(delivery), List.of(202), now.plusSeconds(62)))).isOne();
        assertThat(status(caseId, "crm")).isEqualTo("SENT:1:202");
        // The other rows this test claimed go back to the queue for the next test's drain.
        clock.set(now.plusSeconds(3600));
    }

    @Test
    void a_failing_silent_or_late_receiver_is_tried_again_and_a_refusal_ends_failed() throws Exception {
        String caseId = withdrawnCase("webhook retries");
        answers.add(500);
        webhooks.deliverDue();
        assertThat(status(caseId, "crm")).isEqualTo("QUEUED:1:500");

        // Never answers within send-timeout (3 s in tests): a timeout, tried again later.
        clock.advance(Duration.ofSeconds(2));
        delayMillis.set(4_500);
        webhooks.deliverDue();
        assertThat(status(caseId, "crm")).startsWith("QUEUED:2:");
        assertThat(Sql.text(dataSource, "SELECT last_error FROM dr_webhook_delivery WHERE case_id = '" + caseId
                + "' AND subscription = 'crm'")).contains("Timeout");

        // Answers late, but within the limit: delivered, with the same id and signature as every attempt.
        clock.advance(Duration.ofSeconds(5));
        delayMillis.set(1_000);
        assertThat(webhooks.deliverDue()).isEqualTo(1);
        assertThat(status(caseId, "crm")).isEqualTo("SENT:3:200");
        List<Received> got = receivedFor(caseId);
        // The timed-out attempt reaches the receiver too, once its wait ends (it may be after this look).
        assertThat(got).hasSizeGreaterThanOrEqualTo(2);
        assertThat(got.stream().map(r -> r.signature()).distinct()).hasSize(1);
        assertThat(got.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).distinct()).hasSize(1);

        // A refusal (a 4xx other than 408 and 429) is not tried again.
        delayMillis.set(0);
        String refused = withdrawnCase("webhook refused");
        answers.add(410);
        webhooks.deliverDue();
        assertThat(status(refused, "crm")).isEqualTo("FAILED:1:410");
        manager().get("/api/v1/webhook-deliveries?status=FAILED").then().statusCode(200)
                .body("items.caseId", hasItem(refused)).body("items.find { it.caseId == '" + refused + "' }.lastError",
                        equalTo("the receiver answered 410"));
        manager().get("/api/v1/webhook-deliveries?status=LOST").then().statusCode(400);
        org.datarecall.testing.Api.as("viewer").get("/api/v1/webhook-deliveries").then().statusCode(403);
    }

    /**
     * One slow answer holds one place of the window, never the others: the deliveries claimed with it are
     * marked as soon as they are answered, and later ones are claimed and sent, while it is still waited for.
     */
    @Test
    void a_slow_answer_holds_back_neither_its_neighbours_nor_the_deliveries_after_them() throws Exception {
        String slow = withdrawnCase("webhook slow receiver");
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            others.add(withdrawnCase("webhook beside a slow one " + i));
        }
        slowCase.set(slow);
        // On a thread of its own, as the scheduler runs it. (Not on the common fork-join pool: on two cores it
        // has one worker, which the pass would hold while it waits for answers the HTTP client completes there.)
        ExecutorService replica = Executors.newSingleThreadExecutor();
        Future<Integer> pass = replica.submit(webhooks::deliverDue);
        replica.shutdown();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (others.stream().anyMatch(c -> !status(c, "crm").startsWith("SENT")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // All six (more than the window of 4 holds beside the slow one) are out and marked first.
        assertThat(others.stream().map(c -> status(c, "crm")).toList()).containsOnly("SENT:1:200");
        assertThat(status(slow, "crm")).isEqualTo("QUEUED:0:-");
        assertThat(pass).isNotDone();
        assertThat(pass.get(10, java.util.concurrent.TimeUnit.SECONDS)).isGreaterThanOrEqualTo(7);
        assertThat(status(slow, "crm")).isEqualTo("SENT:1:200");
    }

    /** After an outage, a manager puts a subscription's FAILED deliveries back in the queue; they go out again. */
    @Test
    void failed_deliveries_are_put_back_in_the_queue_by_a_manager_and_delivered() throws Exception {
        String refused = withdrawnCase("webhook failed, then retried");
        answers.add(503);
        answers.add(502);
        answers.add(500);
        for (int attempt = 1; attempt <= 3; attempt++) {
            webhooks.deliverDue();
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(status(refused, "crm")).isEqualTo("FAILED:3:500");

        org.datarecall.testing.Api.as("auditor").post("/api/v1/webhook-deliveries/retry-failed").then().statusCode(403);
        manager().post("/api/v1/webhook-deliveries/retry-failed?subscription=nobody").then().statusCode(400)
                .body("violations.field", hasItem("subscription"));
        assertThat(status(refused, "crm")).isEqualTo("FAILED:3:500");

        manager().post("/api/v1/webhook-deliveries/retry-failed?subscription=crm").then().statusCode(200)
                .body("requeued", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        assertThat(status(refused, "crm")).isEqualTo("QUEUED:0:-");
        webhooks.deliverDue();
        assertThat(status(refused, "crm")).isEqualTo("SENT:1:200");
        assertThat(receivedFor(refused)).hasSize(4);
    }

    @Test
    void an_unreachable_receiver_ends_failed_after_the_last_attempt_and_others_still_get_theirs() {
        String campaign = PortalFixture.launched(sweep, sender, "webhook unreachable", Map.of(),
                "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        org.datarecall.testing.Api.as("auditor").contentType(ContentType.JSON).body(Map.of("text", "called the DPO"))
                .post("/api/v1/cases/{id}/actions/add-note", caseId).then().statusCode(200);
        for (int attempt = 1; attempt <= 3; attempt++) {
            webhooks.deliverDue();
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(status(caseId, "gone")).startsWith("FAILED:3:-");
        assertThat(status(caseId, "crm")).isEqualTo("SENT:1:200");
        assertThat(receivedFor(caseId)).hasSize(1);
    }

    @Test
    void events_written_by_set_based_work_are_delivered_like_the_others() throws Exception {
        String campaign = org.datarecall.testing.Api.createCampaign("webhook set-based");
        org.datarecall.testing.Api.importCsv(campaign, "dev-1,Dev One,one@example.com,,app-1,");
        String caseId = caseOf(campaign, "dev-1");
        org.datarecall.testing.Api.importCsv(campaign, "dev-1,Dev One,new@example.com,,app-1,");
        manager().contentType(ContentType.JSON).body(List.of(Map.of("appId", "app-1", "revokedAt",
                "2026-05-30T00:00:00Z", "mechanism", "TOKENS_INVALIDATED")))
                .post("/api/v1/campaigns/{id}/revocations", campaign).then().statusCode(200);
        webhooks.deliverDue();

        List<JsonNode> docs = new ArrayList<>();
        synchronized (logged) {
            for (Received r : logged) {
                JsonNode doc = r.json();
                if (doc.path("subject").asText().equals(caseId)) {
                    docs.add(doc);
                    assertThat(r.signature()).isEqualTo(WebhookSender.signature(SECRET.getBytes(StandardCharsets.UTF_8),
                            r.body()));
                }
            }
        }
        docs.sort(java.util.Comparator.comparingInt(d -> d.path("data").path("seq").asInt()));
        assertThat(docs).extracting(d -> d.path("type").asText()).containsExactly("org.datarecall.case.CASE_OPENED",
                "org.datarecall.case.DEVELOPER_UPDATED", "org.datarecall.case.ACCESS_REVOKED");
        assertThat(docs).extracting(d -> d.path("id").asText()).containsExactly(caseId + ":1", caseId + ":2",
                caseId + ":3");
        assertThat(docs.get(0).path("data").path("data").path("email").asText()).isEqualTo("one@example.com");
        assertThat(docs.get(1).path("data").path("data").path("email").asText()).isEqualTo("new@example.com");
        assertThat(docs.get(2).path("data").path("data").path("appId").asText()).isEqualTo("app-1");
        assertThat(docs.get(2).path("data").path("actor").asText()).isEqualTo("manager");
        // The same document, field for field, as the events written one by one.
        String withdrawn = withdrawnCase("webhook same shape");
        webhooks.deliverDue();
        JsonNode one = receivedFor(withdrawn).getFirst().json();
        assertThat(fields(docs.get(2))).isEqualTo(fields(one));
        assertThat(fields(docs.get(2).path("data"))).isEqualTo(fields(one.path("data")));
        assertThat(docs.get(2).path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(one.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A case of a developer with two apps, escalated and enforced with the measure. */
    private String enforcedCase(String title, String measure) {
        String campaign = PortalFixture.launched(sweep, sender, title, Map.of(),
                "dev-1,Dev One,one@example.com,,app-1;app-2,");
        String caseId = caseOf(campaign, "dev-1");
        manager().contentType(ContentType.JSON).body(Map.of("reason", "silent"))
                .post("/api/v1/cases/{id}/actions/escalate", caseId).then().statusCode(200);
        manager().contentType(ContentType.JSON).body(Map.of("measure", measure, "reason", "kept the data"))
                .post("/api/v1/cases/{id}/actions/enforce", caseId).then().statusCode(200)
                .body("state", equalTo("ENFORCED"));
        return caseId;
    }

    private List<Received> callsFor(String caseId) {
        synchronized (calls) {
            return calls.stream().filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(caseId)).toList();
        }
    }

    @Test
    void an_enforcement_calls_the_platform_and_its_answer_is_recorded_on_the_case() throws Exception {
        String suspended = enforcedCase("enforcement confirmed", "APP_SUSPENDED");
        platformAnswers.add(Map.entry(200, "{\"suspended\":[\"app-1\",\"app-2\"]}"));
        webhooks.deliverDue();

        List<Received> got = callsFor(suspended);
        assertThat(got).hasSize(1);
        JsonNode call = got.getFirst().json();
        assertThat(call.path("caseId").asText()).isEqualTo(suspended);
        assertThat(call.path("measure").asText()).isEqualTo("APP_SUSPENDED");
        assertThat(call.path("appIds").toString()).isEqualTo("[\"app-1\",\"app-2\"]");
        assertThat(got.getFirst().contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(got.getFirst().signature()).isEqualTo(WebhookSender.signature(
                PLATFORM_SECRET.getBytes(StandardCharsets.UTF_8), got.getFirst().body()));
        manager().get("/api/v1/cases/{id}/events", suspended).then()
                .body("items[-1].type", equalTo("ENFORCEMENT_CONFIRMED")).body("items[-1].actor", equalTo("platform"))
                .body("items[-1].data.status", equalTo(200)).body("items[-1].data.measure", equalTo("APP_SUSPENDED"))
                .body("items[-1].data.detail", equalTo("{\"suspended\":[\"app-1\",\"app-2\"]}"))
                .body("items[-1].data.callId", equalTo(got.getFirst().delivery()));
        // Delivered once: a second pass calls nothing again.
        webhooks.deliverDue();
        assertThat(callsFor(suspended)).hasSize(1);

        // The platform refuses: recorded at once as ENFORCEMENT_FAILED with what it said.
        String refused = enforcedCase("enforcement refused", "ACCESS_TERMINATED");
        platformAnswers.add(Map.entry(422, "unknown app: app-2"));
        webhooks.deliverDue();
        manager().get("/api/v1/cases/{id}/events", refused).then()
                .body("items[-1].type", equalTo("ENFORCEMENT_FAILED")).body("items[-1].data.status", equalTo(422))
                .body("items[-1].data.detail", equalTo("the receiver answered 422: unknown app: app-2"))
                .body("items[-1].data.measure", equalTo("ACCESS_TERMINATED"));

        // The platform is down: tried again, then FAILED after the last attempt, and only then recorded.
        String down = enforcedCase("enforcement down", "APP_SUSPENDED");
        for (int attempt = 1; attempt <= 3; attempt++) {
            platformAnswers.add(Map.entry(503, "maintenance"));
            webhooks.deliverDue();
            if (attempt < 3) {
                manager().get("/api/v1/cases/{id}/events", down).then().body("items[-1].type", equalTo("ENFORCED"));
            }
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(callsFor(down)).hasSize(3);
        manager().get("/api/v1/cases/{id}/events", down).then()
                .body("items[-1].type", equalTo("ENFORCEMENT_FAILED")).body("items[-1].data.status", equalTo(503));

        // Other measures call nothing.
        String referred = enforcedCase("enforcement referral", "LEGAL_REFERRAL");
        webhooks.deliverDue();
        assertThat(callsFor(referred)).isEmpty();
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM dr_webhook_delivery WHERE case_id = '" + referred
                + "' AND kind = 'ENFORCEMENT'")).isZero();
    }

    @Test
    void a_subscription_that_cannot_work_stops_the_start() {
        assertThatThrownBy(() -> Subscriptions.read(Map.of("x", hook("ftp://example.com/", SECRET, null))))
                .hasMessageContaining("datarecall.webhooks.x.url must be an absolute http or https URL");
        assertThatThrownBy(() -> Subscriptions.read(Map.of("@enforcement", hook("https://example.com/", SECRET, null))))
                .hasMessageContaining("no '@'");
        assertThatThrownBy(() -> Subscriptions.read(Map.of("x", hook("https://example.com/", "short", null))))
                .hasMessageContaining("secret must be at least 16 characters");
        assertThatThrownBy(() -> Subscriptions.read(Map.of("x", hook("https://example.com/", SECRET, "VERIFIED,NOPE"))))
                .hasMessageContaining("NOPE is no event type");
        assertThat(Subscriptions.read(Map.of("x", hook("https://example.com/", SECRET, null))).get("x").events())
                .containsExactlyInAnyOrder(org.datarecall.casework.domain.CaseEventType.values());
    }

    private static DataRecallConfig.Webhook hook(String url, String secret, String events) {
        return new DataRecallConfig.Webhook() {
            public String url() {
                return url;
            }

            public String secret() {
                return secret;
            }

            public Optional<List<String>> events() {
                return Optional.ofNullable(events).map(e -> List.of(e.split(",")));
            }
        };
    }
}
