package org.datarecall.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.datarecall.platform.jdbc.Column;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.RowWriter;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The webhook deliveries table: queued in the transaction that writes their events, claimed with a lease
 * and a claim id, marked only by the claim that still holds them — the mail outbox's rules.
 */
@ApplicationScoped
public class WebhookOutbox {

    private record Queued(UUID id, String subscription, WebhookEvent event, String body) {
    }

    private static final RowWriter<Queued> INSERT = RowWriter.of("""
            INSERT INTO dr_webhook_delivery (id, subscription, event_id, campaign_id, case_id, event_type, body,
                                             next_attempt_at, created_at)
            SELECT v.id, v.subscription, v.event_id, v.campaign_id, v.case_id, v.event_type, v.body, v.at, v.at
            FROM %s
            ON CONFLICT (subscription, event_id) DO NOTHING
            """,
            Column.uuid("id", Queued::id),
            Column.text("subscription", Queued::subscription),
            Column.text("event_id", q -> q.event().id()),
            Column.uuid("campaign_id", q -> q.event().campaignId()),
            Column.uuid("case_id", q -> q.event().caseId()),
            Column.text("event_type", q -> q.event().type()),
            Column.text("body", Queued::body),
            Column.timestamptz("at", q -> q.event().at()));

    private static final String CLAIM = """
            UPDATE dr_webhook_delivery d SET next_attempt_at = ?, claim_id = ?, claims = d.claims + 1
            FROM (SELECT id FROM dr_webhook_delivery WHERE status = 'QUEUED' AND next_attempt_at <= ?
                  ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
            WHERE d.id = due.id
            RETURNING d.id, d.subscription, d.event_id, d.case_id, d.body, d.attempts
            """;

    /** A delivery claimed for sending. */
    public record Claimed(UUID id, String subscription, String eventId, UUID caseId, String body, int attempts) {
    }

    /** A delivery as the API lists it. */
    public record Delivery(UUID id, String subscription, String eventId, UUID caseId, String eventType, String status,
            int attempts, Integer responseStatus, String lastError, Instant createdAt, Instant sentAt) {
    }

    @Inject
    Jdbc jdbc;

    @Inject
    Subscriptions subscriptions;

    /** Whether any subscription is configured: without one, nothing is queued and nothing is built. */
    public boolean active() {
        return !subscriptions.all().isEmpty();
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
                to.forEach(s -> rows.add(new Queued(Ids.newId(e.at()), s.name(), e, body)));
            }
        }
        return rows.isEmpty() ? 0 : jdbc.withConnection(con -> INSERT.write(con, rows));
    }

    public List<Claimed> claim(UUID claimId, int limit, Instant now, Duration lease) {
        return jdbc.list(CLAIM, rs -> new Claimed(SqlValues.uuid(rs, "id"), rs.getString("subscription"),
                rs.getString("event_id"), SqlValues.uuid(rs, "case_id"), rs.getString("body"), rs.getInt("attempts")),
                now.plus(lease), claimId, now, limit);
    }

    /** Ends FAILED the due deliveries claimed {@code unmarked} times without an attempt that ended. */
    public int failUnmarked(int unmarked, Instant now) {
        return jdbc.update("UPDATE dr_webhook_delivery SET status = 'FAILED', last_error = 'claimed ' || claims "
                + "|| ' times, and no attempt ever ended' WHERE status = 'QUEUED' AND next_attempt_at <= ? "
                + "AND claims - attempts >= ?", now, unmarked);
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
        return jdbc.update("UPDATE dr_webhook_delivery SET attempts = attempts + 1, next_attempt_at = ?, "
                + "response_status = ?, last_error = ? WHERE id = ? AND claim_id = ? AND status = 'QUEUED'",
                retry, status, error, id, claimId) == 1;
    }

    /** The last attempt failed, or the receiver refused for good; false when the claim no longer holds it. */
    public boolean markFailed(UUID claimId, UUID id, Integer status, String error) {
        return jdbc.update("UPDATE dr_webhook_delivery SET attempts = attempts + 1, status = 'FAILED', "
                + "response_status = ?, last_error = ? WHERE id = ? AND claim_id = ? AND status = 'QUEUED'",
                status, error, id, claimId) == 1;
    }

    /** The newest deliveries in a status, for operators. */
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
