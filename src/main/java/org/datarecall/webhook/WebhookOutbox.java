package org.datarecall.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.platform.jdbc.Column;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.RowWriter;
import org.datarecall.platform.jdbc.SqlValues;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The webhook deliveries table: queued in the transaction that writes their events, claimed with a lease
 * and a claim id, marked only by the claim that still holds them — the mail outbox's rules.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** A delivery to queue: a webhook's or an enforcement call's. */
    private record Queued(UUID id, String kind, String subscription, String eventId, UUID campaignId, UUID caseId,
            String eventType, String body, Instant at) {
    }

    private static final RowWriter<Queued> INSERT = RowWriter.of("""
            INSERT INTO dr_webhook_delivery (id, kind, subscription, event_id, campaign_id, case_id, event_type, body,
                                             next_attempt_at, created_at)
            SELECT v.id, v.kind, v.subscription, v.event_id, v.campaign_id, v.case_id, v.event_type, v.body, v.at, v.at
            FROM %s
            ON CONFLICT (subscription, event_id) DO NOTHING
            """,
            Column.uuid("id", Queued::id),
            Column.text("kind", Queued::kind),
            Column.text("subscription", Queued::subscription),
            Column.text("event_id", Queued::eventId),
            Column.uuid("campaign_id", Queued::campaignId),
            Column.uuid("case_id", Queued::caseId),
            Column.text("event_type", Queued::eventType),
            Column.text("body", Queued::body),
            Column.timestamptz("at", Queued::at));

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CLAIM = """
            UPDATE dr_webhook_delivery d SET leased_until = ?, claim_id = ?, claims = d.claims + 1
            FROM (SELECT id FROM dr_webhook_delivery WHERE status = 'QUEUED' AND next_attempt_at <= ?
                    AND (leased_until IS NULL OR leased_until <= ?)
                  ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
            WHERE d.id = due.id
            RETURNING d.id, d.kind, d.subscription, d.event_id, d.case_id, d.body, d.attempts
            """;

    /** A delivery claimed for sending; {@code enforcement} for the platform's enforcement call. */
    public record Claimed(UUID id, boolean enforcement, String subscription, String eventId, UUID caseId, String body,
            int attempts) {
    }

    /** A delivery as the API lists it. */
    public record Delivery(UUID id, String subscription, String eventId, UUID caseId, String eventType, String status,
            int attempts, Integer responseStatus, String lastError, Instant createdAt, Instant sentAt) {
    }

    @Inject
    Jdbc jdbc;

    @Inject
    Subscriptions subscriptions;

    /**
     * The step a set-based writer adds to the statement that appends its events (after its last
     * {@code WITH} item): a delivery per appended event and per subscription named by the statement's
     * next parameter (a {@code text[]}; the writer leaves the step out when it is empty). Each argument is
     * an SQL expression over {@code from}, the writer's own rows of the events it appends.
     */
    public static String queueStep(String from, String caseId, String campaignId, String seq, String type,
            String fromState, String toState, String actor, String at, String data) {
        return """
                , webhooks AS (
                    INSERT INTO dr_webhook_delivery (id, subscription, event_id, campaign_id, case_id, event_type, body,
                                                     next_attempt_at, created_at)
                    SELECT gen_random_uuid(), hook.name, (%1$s)::text || ':' || (%3$s), %2$s, %1$s, %4$s,
                           dr_cloud_event(%1$s, %2$s, %3$s, %4$s, %5$s, %6$s, %7$s, %8$s, %9$s), %8$s, %8$s
                    FROM %10$s, unnest(?::text[]) AS hook(name)
                    ON CONFLICT (subscription, event_id) DO NOTHING
                )
                """.formatted(caseId, campaignId, seq, type, fromState, toState, actor, at, data, from);
    }

    /** Whether any subscription is configured: without one, no webhook is queued and nothing is built. */
    public boolean active() {
        return !subscriptions.all().isEmpty();
    }

    /** Whether enforcement calls are made ({@code datarecall.platform.enforcement-url} is set). */
    public boolean enforcing() {
        return subscriptions.enforcementUrl() != null;
    }

    /** Queues a delivery per event and subscription that takes it, in the caller's transaction; answers how many. */
    public int enqueue(List<WebhookEvent> events) {
        if (subscriptions.all().isEmpty() || events.isEmpty()) {
            return 0;
        }
        List<Queued> rows = new ArrayList<>();
        for (WebhookEvent e : events) {
            List<Subscriptions.Subscription> to = subscriptions.matching(e.type());
            if (!to.isEmpty()) {
                String body = CloudEventDocument.of(e);
                to.forEach(s -> rows.add(new Queued(Ids.newId(e.at()), "WEBHOOK", s.name(), e.id(), e.campaignId(),
                        e.caseId(), e.type(), body, e.at())));
            }
        }
        return rows.isEmpty() ? 0 : jdbc.withConnection(con -> INSERT.write(con, rows));
    }

    /** Queues the enforcement calls, in the caller's transaction (the one that writes their ENFORCED events). */
    public int enqueueEnforcement(List<EnforcementCall> calls) {
        if (calls.isEmpty()) {
            return 0;
        }
        List<Queued> rows = new ArrayList<>();
        for (EnforcementCall c : calls) {
            UUID id = Ids.newId(c.at());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("caseId", c.caseId().toString());
            body.put("appIds", c.appIds());
            body.put("measure", c.measure());
            body.put("campaignId", c.campaignId().toString());
            body.put("developerId", c.developerId());
            body.put("reason", c.reason());
            body.put("enforcedAt", c.at().toString());
            body.put("callId", id.toString());
            try {
                rows.add(new Queued(id, "ENFORCEMENT", EnforcementCall.SUBSCRIPTION, c.eventId(), c.campaignId(),
                        c.caseId(), "ENFORCED", JSON.writeValueAsString(body), c.at()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("an enforcement call is always JSON", e);
            }
        }
        return jdbc.withConnection(con -> INSERT.write(con, rows));
    }

    public List<Claimed> claim(UUID claimId, int limit, Instant now, Duration lease) {
        return jdbc.list(CLAIM, rs -> new Claimed(SqlValues.uuid(rs, "id"), "ENFORCEMENT".equals(rs.getString("kind")),
                rs.getString("subscription"),
                rs.getString("event_id"), SqlValues.uuid(rs, "case_id"), rs.getString("body"), rs.getInt("attempts")),
                now.plus(lease), claimId, now, now, limit);
    }

    /** Keeps claimed deliveries with this claim for another lease; answers how many it still held. */
    public int renew(UUID claimId, Collection<UUID> ids, Instant until) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update("UPDATE dr_webhook_delivery SET leased_until = ? WHERE id = ANY(?::uuid[]) "
                + "AND claim_id = ? AND status = 'QUEUED'", until, SqlValues.texts(ids), claimId);
    }

    /**
     * Ends FAILED the due deliveries claimed {@code unmarked} times without an attempt that ended; answers
     * them, so that an enforcement call among them is recorded on its case.
     */
    public List<Claimed> failUnmarked(int unmarked, Instant now) {
        return jdbc.list("UPDATE dr_webhook_delivery SET status = 'FAILED', last_error = 'claimed ' || claims "
                + "|| ' times, and no attempt ever ended' WHERE status = 'QUEUED' AND next_attempt_at <= ? "
                + "AND (leased_until IS NULL OR leased_until <= ?) "
                + "AND claims - attempts >= ? RETURNING id, kind, subscription, event_id, case_id, body, attempts",
                rs -> new Claimed(SqlValues.uuid(rs, "id"), "ENFORCEMENT".equals(rs.getString("kind")),
                        rs.getString("subscription"), rs.getString("event_id"), SqlValues.uuid(rs, "case_id"),
                        rs.getString("body"), rs.getInt("attempts")), now, now, unmarked);
    }

    /** Removes delivered rows older than {@code before}, at most 10,000 a call; answers how many. */
    public int removeSent(Instant before) {
        return jdbc.update("DELETE FROM dr_webhook_delivery WHERE id IN (SELECT id FROM dr_webhook_delivery "
                + "WHERE status = 'SENT' AND created_at < ? ORDER BY created_at LIMIT 10000 FOR UPDATE SKIP LOCKED)",
                before);
    }

    /** Marks delivered what this claim still holds, each with the receiver's status; answers how many. */
    public int markSent(UUID claimId, Collection<UUID> ids, List<Integer> statuses, Instant at) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update("UPDATE dr_webhook_delivery d SET status = 'SENT', sent_at = ?, last_error = NULL, "
                + "attempts = d.attempts + 1, response_status = v.status "
                + "FROM unnest(?::uuid[], ?::int[]) AS v(id, status) "
                + "WHERE d.id = v.id AND d.claim_id = ? AND d.status = 'QUEUED'", at, SqlValues.texts(ids),
                statuses.toArray(Integer[]::new), claimId);
    }

    /** A failed attempt to try again at {@code retry}; false when the claim no longer holds it. */
    public boolean retryAt(UUID claimId, UUID id, Instant retry, Integer status, String error) {
        return jdbc.update("UPDATE dr_webhook_delivery SET attempts = attempts + 1, next_attempt_at = ?, leased_until = NULL, "
                + "response_status = ?, last_error = ? WHERE id = ? AND claim_id = ? AND status = 'QUEUED'",
                retry, status, error, id, claimId) == 1;
    }

    /** The last attempt failed, or the receiver refused for good; false when the claim no longer holds it. */
    public boolean markFailed(UUID claimId, UUID id, Integer status, String error, String answer) {
        return jdbc.update("UPDATE dr_webhook_delivery SET attempts = attempts + 1, status = 'FAILED', "
                + "response_status = ?, last_error = ?, response_body = ? WHERE id = ? AND claim_id = ? "
                + "AND status = 'QUEUED'", status, error, answer, id, claimId) == 1;
    }

    /** One delivery answered 2xx, with what came back; false when the claim no longer holds it. */
    public boolean markAnswered(UUID claimId, UUID id, int status, String answer, Instant at) {
        return jdbc.update("UPDATE dr_webhook_delivery SET status = 'SENT', sent_at = ?, last_error = NULL, "
                + "attempts = attempts + 1, response_status = ?, response_body = ? WHERE id = ? AND claim_id = ? "
                + "AND status = 'QUEUED'", at, status, answer, id, claimId) == 1;
    }

    /**
     * Puts the FAILED webhook deliveries (of one subscription, or all) back in the queue after a receiver's
     * outage, due now, their attempts counted afresh; answers how many. Enforcement calls are not: one that
     * ended FAILED is recorded on its case, and a manager enforces again from there.
     */
    public int requeueFailed(String subscription, Instant now) {
        return jdbc.update("UPDATE dr_webhook_delivery SET status = 'QUEUED', attempts = 0, claims = 0, claim_id = NULL, "
                + "leased_until = NULL, next_attempt_at = ?, last_error = NULL, response_status = NULL WHERE status = 'FAILED' "
                + "AND kind = 'WEBHOOK' AND (?::text IS NULL OR subscription = ?)", now, subscription, subscription);
    }

    /** The newest deliveries in a status, for operators (enforcement calls under the name "@enforcement"). */
    public List<Delivery> list(String status, int limit) {
        return jdbc.list("SELECT id, subscription, event_id, case_id, event_type, status, attempts, response_status, "
                + "last_error, created_at, sent_at FROM dr_webhook_delivery WHERE status = ? "
                + "ORDER BY created_at DESC, id DESC LIMIT ?",
                rs -> new Delivery(SqlValues.uuid(rs, "id"), rs.getString("subscription"), rs.getString("event_id"),
                        SqlValues.uuid(rs, "case_id"), rs.getString("event_type"), rs.getString("status"),
                        rs.getInt("attempts"), (Integer) rs.getObject("response_status"), rs.getString("last_error"),
                        SqlValues.instant(rs, "created_at"), SqlValues.instant(rs, "sent_at")), status, limit);
    }
}
