package org.datarecall.notice;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Rows;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The outbox table: decided mails in, claimed mails out, and their fate. */
@ApplicationScoped
public class Outbox {

    private static final Rows NOTICE_ROWS = new Rows("uuid", "uuid", "uuid", "text", "int", "text", "text", "text",
            "text", "text", "text", "uuid", "text", "timestamptz");

    private static final Rows.Statement INSERT = NOTICE_ROWS.statement("""
            INSERT INTO dr_notice (id, campaign_id, case_id, kind, status, round, dedupe_key, to_addresses, cc_addresses,
                                   subject, body_text, body_html, link_token_id, message_id, next_attempt_at, created_at)
            SELECT v.id, v.campaign_id, v.case_id, v.kind, 'QUEUED', v.round, v.dedupe_key,
                   string_to_array(v.to_list, E'\\n'), coalesce(string_to_array(nullif(v.cc_list, ''), E'\\n'), '{}'),
                   v.subject, v.body_text, v.body_html, v.link_token_id, v.message_id, v.created_at, v.created_at
            FROM %s AS v(id, campaign_id, case_id, kind, round, dedupe_key, to_list, cc_list, subject, body_text,
                         body_html, link_token_id, message_id, created_at)
            ON CONFLICT (dedupe_key) DO NOTHING
            """);

    /** Claims due mails: pushing next_attempt_at forward by the lease hides them from other senders. */
    private static final String CLAIM = """
            UPDATE dr_notice n SET next_attempt_at = ?, attempts = n.attempts + 1
            FROM (SELECT id FROM dr_notice WHERE status = 'QUEUED' AND next_attempt_at <= ?
                  ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
            WHERE n.id = due.id
            RETURNING n.id, n.case_id, n.kind, n.to_addresses, n.cc_addresses, n.subject, n.body_text, n.body_html,
                      n.link_token_id, n.message_id, n.attempts, n.created_at
            """;

    /** A mail claimed for sending. */
    public record Claimed(UUID id, UUID caseId, NoticeKind kind, List<String> to, List<String> cc, String subject,
            String bodyText, String bodyHtml, UUID linkTokenId, String messageId, int attempts, Instant createdAt) {
    }

    @Inject
    DataSource dataSource;

    /** Stores the drafts; a draft whose dedupe key is already stored is skipped. Answers how many were stored. */
    public int insert(List<NoticeDraft> drafts) {
        if (drafts.isEmpty()) {
            return 0;
        }
        int n = drafts.size();
        String[] id = new String[n], campaign = new String[n], caseId = new String[n], kind = new String[n],
                dedupe = new String[n], to = new String[n], cc = new String[n], subject = new String[n],
                text = new String[n], html = new String[n], link = new String[n], messageId = new String[n],
                created = new String[n];
        Integer[] round = new Integer[n];
        for (int i = 0; i < n; i++) {
            NoticeDraft d = drafts.get(i);
            id[i] = d.id().toString();
            campaign[i] = d.campaignId().toString();
            caseId[i] = d.caseId().toString();
            kind[i] = d.kind().name();
            round[i] = d.round();
            dedupe[i] = d.dedupeKey();
            to[i] = String.join("\n", d.to());
            cc[i] = String.join("\n", d.cc());
            subject[i] = d.subject();
            text[i] = d.bodyText();
            html[i] = d.bodyHtml();
            link[i] = d.linkTokenId() == null ? null : d.linkTokenId().toString();
            messageId[i] = d.messageId();
            created[i] = d.createdAt().toString();
        }
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(INSERT.sql(n))) {
            NOTICE_ROWS.bind(con, ps, 1, new Object[][] { id, campaign, caseId, kind, round, dedupe, to, cc, subject,
                    text, html, link, messageId, created }, n);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public List<Claimed> claim(int limit, Instant now, Duration lease) {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(CLAIM)) {
            SqlValues.setInstant(ps, 1, now.plus(lease));
            SqlValues.setInstant(ps, 2, now);
            ps.setInt(3, limit);
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(SqlValues.uuid(rs, "id"), SqlValues.uuid(rs, "case_id"),
                            NoticeKind.valueOf(rs.getString("kind")), SqlValues.strings(rs, "to_addresses"),
                            SqlValues.strings(rs, "cc_addresses"), rs.getString("subject"), rs.getString("body_text"),
                            rs.getString("body_html"), SqlValues.uuid(rs, "link_token_id"), rs.getString("message_id"),
                            rs.getInt("attempts"), SqlValues.instant(rs, "created_at")));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public void markSent(List<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        update("UPDATE dr_notice SET status = 'SENT', sent_at = ?, last_error = NULL "
                + "WHERE id = ANY(?::uuid[]) AND status = 'QUEUED'", (con, ps) -> {
                    SqlValues.setInstant(ps, 1, at);
                    ps.setArray(2, uuids(con, ids));
                });
    }

    /** Puts a mail back in the queue for a later attempt. */
    public void retryAt(UUID id, Instant at, String error) {
        update("UPDATE dr_notice SET next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'QUEUED'",
                (con, ps) -> {
                    SqlValues.setInstant(ps, 1, at);
                    ps.setString(2, error);
                    ps.setObject(3, id);
                });
    }

    public void markFailed(UUID id, String error) {
        update("UPDATE dr_notice SET status = 'FAILED', last_error = ? WHERE id = ? AND status = 'QUEUED'",
                (con, ps) -> {
                    ps.setString(1, error);
                    ps.setObject(2, id);
                });
    }

    /** The latest mail a developer got about a case, to send again. */
    public Optional<NoticeDraft> latestDeveloperNotice(UUID caseId) {
        String sql = "SELECT id, campaign_id, case_id, kind, round, to_addresses, cc_addresses, subject, body_text, "
                + "body_html, link_token_id, message_id, created_at FROM dr_notice WHERE case_id = ? "
                + "AND kind <> 'ESCALATION' ORDER BY created_at DESC, id DESC LIMIT 1";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new NoticeDraft(SqlValues.uuid(rs, "id"), SqlValues.uuid(rs, "campaign_id"),
                        SqlValues.uuid(rs, "case_id"), NoticeKind.valueOf(rs.getString("kind")), rs.getInt("round"),
                        null, SqlValues.strings(rs, "to_addresses"), SqlValues.strings(rs, "cc_addresses"),
                        rs.getString("subject"), rs.getString("body_text"), rs.getString("body_html"),
                        SqlValues.uuid(rs, "link_token_id"), rs.getString("message_id"),
                        SqlValues.instant(rs, "created_at")));
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** When the mail that has waited longest was decided, or null when nothing waits. */
    public Instant oldestQueued() {
        String sql = "SELECT min(created_at) FROM (SELECT created_at FROM dr_notice WHERE status = 'QUEUED' "
                + "ORDER BY next_attempt_at LIMIT 1000) q";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return SqlValues.instant(rs, "min");
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static Array uuids(Connection con, List<UUID> ids) throws SQLException {
        return con.createArrayOf("text", ids.stream().map(UUID::toString).toArray());
    }

    private void update(String sql, Binder binder) {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            binder.bind(con, ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    @FunctionalInterface
    interface Binder {
        void bind(Connection con, PreparedStatement ps) throws SQLException;
    }
}
