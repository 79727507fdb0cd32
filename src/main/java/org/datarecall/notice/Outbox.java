package org.datarecall.notice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.link.DeveloperLinks;
import org.datarecall.platform.jdbc.Column;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.RowWriter;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The outbox table: decided mails in, claimed mails out, and their fate. */
@ApplicationScoped
public class Outbox {

    private static final RowWriter<NoticeDraft> INSERT = RowWriter.of("""
            INSERT INTO dr_notice (id, campaign_id, case_id, kind, status, round, dedupe_key, to_addresses, cc_addresses,
                                   subject, body_text, body_html, link_token_id, message_id, next_attempt_at, created_at)
            SELECT v.id, v.campaign_id, v.case_id, v.kind, 'QUEUED', v.round, v.dedupe_key,
                   string_to_array(v.to_list, E'\\n'), coalesce(string_to_array(nullif(v.cc_list, ''), E'\\n'), '{}'),
                   v.subject, v.body_text, v.body_html, v.link_token_id, v.message_id, v.created_at, v.created_at
            FROM %s
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
            Column.uuid("id", NoticeDraft::id),
            Column.uuid("campaign_id", NoticeDraft::campaignId),
            Column.uuid("case_id", NoticeDraft::caseId),
            Column.text("kind", d -> d.kind().name()),
            Column.integer("round", NoticeDraft::round),
            Column.text("dedupe_key", NoticeDraft::dedupeKey),
            Column.text("to_list", d -> String.join("\n", d.to())),
            Column.text("cc_list", d -> String.join("\n", d.cc())),
            Column.text("subject", NoticeDraft::subject),
            Column.text("body_text", NoticeDraft::bodyText),
            Column.text("body_html", NoticeDraft::bodyHtml),
            Column.uuid("link_token_id", NoticeDraft::linkTokenId),
            Column.text("message_id", NoticeDraft::messageId),
            Column.timestamptz("created_at", NoticeDraft::createdAt));

    /**
     * Claims due mails: pushing next_attempt_at forward by the lease hides them from other senders, and
     * the claim id fences every later mark. Attempts are not counted here but when a send ends. Each
     * mail comes with its link's nonce and key id, so the link is written into it without another read.
     */
    private static final String CLAIM = """
            WITH claimed AS (
                UPDATE dr_notice n SET next_attempt_at = ?, claim_id = ?, claims = n.claims + 1
                FROM (SELECT id FROM dr_notice WHERE status = 'QUEUED' AND next_attempt_at <= ?
                      ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                WHERE n.id = due.id
                RETURNING n.id, n.case_id, n.kind, n.to_addresses, n.cc_addresses, n.subject, n.body_text,
                          n.body_html, n.link_token_id, n.message_id, n.attempts, n.created_at, n.checkpoint_id)
            SELECT c.*, t.nonce AS link_nonce, t.key_id AS link_key_id, t.token_hash AS link_token_hash
            FROM claimed c LEFT JOIN dr_token t ON t.id = c.link_token_id
            """;

    /**
     * A mail claimed for sending; {@code link} is the developer link written into it, if any, and
     * {@code checkpointId} is set (and {@code caseId} not) for a CHECKPOINT mail.
     */
    public record Claimed(UUID id, UUID caseId, NoticeKind kind, List<String> to, List<String> cc, String subject,
            String bodyText, String bodyHtml, DeveloperLinks.Stored link, String messageId, int attempts,
            Instant createdAt, UUID checkpointId) {
    }

    @Inject
    Jdbc jdbc;

    /** Stores the drafts; a draft whose dedupe key is already stored is skipped. Answers how many were stored. */
    public int insert(List<NoticeDraft> drafts) {
        if (drafts.isEmpty()) {
            return 0;
        }
        return jdbc.withConnection(con -> INSERT.write(con, drafts));
    }

    /**
     * Mail still waiting to go (or to be retried) carries the case's new link instead of the one it
     * replaced, so that it never arrives with a link that no longer works. Keyed by case id.
     */
    public void relink(Map<UUID, UUID> newLinkByCase) {
        if (newLinkByCase.isEmpty()) {
            return;
        }
        jdbc.update("UPDATE dr_notice n SET link_token_id = v.link_id "
                + "FROM unnest(?::uuid[], ?::uuid[]) AS v(case_id, link_id) "
                + "WHERE n.case_id = v.case_id AND n.status IN ('QUEUED', 'FAILED') AND n.link_token_id IS NOT NULL "
                // A delegate's mail keeps the delegate's link: the contacts' new link is not theirs.
                + "AND n.kind <> 'DELEGATION_NOTICE'",
                SqlValues.texts(newLinkByCase.keySet()), SqlValues.texts(newLinkByCase.values()));
    }

    public List<Claimed> claim(UUID claimId, int limit, Instant now, Duration lease) {
        return jdbc.list(CLAIM, rs -> new Claimed(SqlValues.uuid(rs, "id"), SqlValues.uuid(rs, "case_id"),
                NoticeKind.valueOf(rs.getString("kind")), SqlValues.strings(rs, "to_addresses"),
                SqlValues.strings(rs, "cc_addresses"), rs.getString("subject"), rs.getString("body_text"),
                rs.getString("body_html"), link(rs), rs.getString("message_id"), rs.getInt("attempts"),
                SqlValues.instant(rs, "created_at"), SqlValues.uuid(rs, "checkpoint_id")),
                now.plus(lease), claimId, now, limit);
    }

    /** Queues the mail of a signed checkpoint to its witnesses: a notice of no case and no campaign count. */
    public void insertCheckpointMail(UUID id, UUID checkpointId, List<String> to, String subject, String text,
            String html, String messageId, Instant at) {
        jdbc.update("""
                INSERT INTO dr_notice (id, kind, status, round, to_addresses, subject, body_text, body_html, message_id,
                                       next_attempt_at, created_at, checkpoint_id)
                VALUES (?, 'CHECKPOINT', 'QUEUED', 0, ?::text[], ?, ?, ?, ?, ?, ?, ?)
                """, id, to.toArray(String[]::new), subject, text, html, messageId, at, at, checkpointId);
    }

    /**
     * Ends FAILED the due mails that were claimed {@code unmarked} times or more without their send ever
     * ending (their claims ran out each time: a sender that dies on the mail). Answers how many.
     */
    public int failUnmarked(int unmarked, Instant now) {
        return jdbc.update("UPDATE dr_notice SET status = 'FAILED', last_error = 'claimed ' || claims || ' times, and no "
                + "send of it ever ended: a sender may stop on this mail' WHERE status = 'QUEUED' AND next_attempt_at <= ? "
                + "AND claims - attempts >= ?", now, unmarked);
    }

    /**
     * Keeps claimed mails with this claim for another lease; answers how many it still held (fewer
     * when a lease had already run out and another replica took mails over).
     */
    public int renew(UUID claimId, Collection<UUID> ids, Instant until) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update("UPDATE dr_notice SET next_attempt_at = ? WHERE id = ANY(?::uuid[]) AND claim_id = ? "
                + "AND status = 'QUEUED'", until, SqlValues.texts(ids), claimId);
    }

    /** Marks sent what this claim (null: a mail sent outside the queue) still holds; answers how many. */
    public int markSent(UUID claimId, List<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update("UPDATE dr_notice SET status = 'SENT', sent_at = ?, last_error = NULL, attempts = attempts + 1 "
                + "WHERE id = ANY(?::uuid[]) AND claim_id IS NOT DISTINCT FROM ? AND status = 'QUEUED'", at,
                SqlValues.texts(ids), claimId);
    }

    /**
     * A developer flagged unreachable is reachable again once a mail to an address of theirs that never
     * bounced has gone out: in practice the new address a manager gave. Run after {@link #markSent}, in a
     * transaction of its own: it locks cases, and every writer locks a case before its notices.
     * Answers how many cases it cleared.
     */
    public int clearUnreachable(List<UUID> sentIds) {
        if (sentIds.isEmpty()) {
            return 0;
        }
        String[] ids = SqlValues.texts(sentIds);
        return jdbc.withConnection(con -> {
            // The flagged cases first, in id order, as every writer locks cases; the check then runs on a
            // snapshot taken after the locks, so a bounce recorded meanwhile (it locks the case too) is seen.
            long flagged = Jdbc.list(con, "SELECT count(*) FROM (SELECT c.id FROM dr_case c WHERE c.unreachable "
                    + "AND c.id IN (SELECT case_id FROM dr_notice WHERE id = ANY(?::uuid[])) ORDER BY c.id "
                    + "FOR UPDATE OF c) locked", rs -> rs.getLong(1), (Object) ids).getFirst();
            if (flagged == 0) {
                return 0; // the usual case: none of these developers was unreachable
            }
            return Jdbc.update(con, """
                    UPDATE dr_case c SET unreachable = false
                    FROM dr_notice n
                    WHERE n.id = ANY(?::uuid[]) AND n.status = 'SENT' AND c.id = n.case_id AND c.unreachable
                      AND lower(c.email) IN (SELECT lower(t) FROM unnest(n.to_addresses) AS t)
                      AND NOT EXISTS (SELECT 1 FROM dr_notice b WHERE b.case_id = c.id AND b.status = 'BOUNCED'
                                      AND lower(c.email) IN (SELECT lower(t) FROM unnest(b.to_addresses) AS t))
                    """, (Object) ids);
        });
    }

    /** Counts a failed attempt and sets the retry, if the claim still holds the mail; answers whether it did. */
    public boolean retryAt(UUID claimId, UUID id, Instant at, String error) {
        return jdbc.update("UPDATE dr_notice SET next_attempt_at = ?, last_error = ?, attempts = attempts + 1, "
                + "claim_id = NULL WHERE id = ? AND claim_id = ? AND status = 'QUEUED'", at, error, id, claimId) == 1;
    }

    /** Ends the mail FAILED after a counted attempt, if the claim still holds it; answers whether it did. */
    public boolean markFailed(UUID claimId, UUID id, String error) {
        return jdbc.update("UPDATE dr_notice SET status = 'FAILED', last_error = ?, attempts = attempts + 1 "
                + "WHERE id = ? AND claim_id = ? AND status = 'QUEUED'", error, id, claimId) == 1;
    }

    /**
     * Puts a campaign's FAILED mail back in the queue, due now, with its attempts and claims counted
     * afresh (the last error stays until the next try). Not a signatory's code: its stored copy has the
     * code withheld, and a new code is one click on the developer's page. Answers how many.
     */
    public int requeueFailed(UUID campaignId, Instant now) {
        // A mail of which a later copy already went out (resend-notice) is not sent twice.
        return jdbc.update("UPDATE dr_notice n SET status = 'QUEUED', attempts = 0, claims = 0, claim_id = NULL, "
                + "next_attempt_at = ? WHERE n.campaign_id = ? AND n.status = 'FAILED' AND n.kind <> 'SIGNATORY_CODE' "
                + "AND NOT EXISTS (SELECT 1 FROM dr_notice later WHERE later.case_id = n.case_id "
                + "AND later.kind = n.kind AND later.status = 'SENT' AND later.created_at > n.created_at)",
                now, campaignId);
    }

    /**
     * The latest mail to the developer's contacts that may be sent again: not staff mail, not a
     * signatory's code, not a delegation's (the delegate's carries a link that is not the contacts').
     */
    private static final String LATEST_DEVELOPER_MAIL = "AND kind NOT IN ('ESCALATION', 'SIGNATORY_CODE', "
            + "'DELEGATION_NOTICE', 'DELEGATION_CONFIRMATION') ORDER BY created_at DESC, id DESC LIMIT 1";

    /** Whether the latest developer mail of a case is still waiting to go (QUEUED). */
    public boolean latestDeveloperNoticeQueued(UUID caseId) {
        return jdbc.one("SELECT status = 'QUEUED' FROM dr_notice WHERE case_id = ? " + LATEST_DEVELOPER_MAIL,
                rs -> rs.getBoolean(1), caseId).orElse(false);
    }

    /** The latest mail a developer got about a case, to send again (a signatory's code is never sent again). */
    public Optional<NoticeDraft> latestDeveloperNotice(UUID caseId) {
        return jdbc.one("SELECT id, campaign_id, case_id, kind, round, to_addresses, cc_addresses, subject, body_text, "
                + "body_html, link_token_id, message_id, created_at FROM dr_notice WHERE case_id = ? "
                + LATEST_DEVELOPER_MAIL,
                rs -> new NoticeDraft(SqlValues.uuid(rs, "id"), SqlValues.uuid(rs, "campaign_id"),
                        SqlValues.uuid(rs, "case_id"), NoticeKind.valueOf(rs.getString("kind")), rs.getInt("round"),
                        null, SqlValues.strings(rs, "to_addresses"), SqlValues.strings(rs, "cc_addresses"),
                        rs.getString("subject"), rs.getString("body_text"), rs.getString("body_html"),
                        SqlValues.uuid(rs, "link_token_id"), rs.getString("message_id"),
                        SqlValues.instant(rs, "created_at")),
                caseId);
    }

    private static DeveloperLinks.Stored link(ResultSet rs) throws SQLException {
        UUID id = SqlValues.uuid(rs, "link_token_id");
        return id == null ? null : new DeveloperLinks.Stored(id, rs.getBytes("link_nonce"), rs.getString("link_key_id"),
                rs.getBytes("link_token_hash"));
    }

    /** When the mail that has waited longest was decided, or null when nothing waits. */
    public Instant oldestQueued() {
        return jdbc.one("SELECT min(created_at) FROM (SELECT created_at FROM dr_notice WHERE status = 'QUEUED' "
                + "ORDER BY next_attempt_at LIMIT 1000) q", rs -> SqlValues.instant(rs, "min")).orElse(null);
    }
}
