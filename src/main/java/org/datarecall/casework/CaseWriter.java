package org.datarecall.casework;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.datarecall.evidence.EventHash;
import org.datarecall.platform.DatabaseException;
import org.datarecall.platform.Rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stores accepted transitions, one or thousands at a time, in two set-based statements: the events
 * (each hashed onto its case's chain head) and the cases' new snapshot, timers and head. The caller
 * holds the cases' row locks; a head that moved anyway is an error, never a forked chain.
 */
@ApplicationScoped
public class CaseWriter {

    /** Event data is written by a mapper of its own, so that application JSON settings never change stored text. */
    private static final ObjectMapper EVENT_DATA = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static final Rows EVENT_ROWS = new Rows("uuid", "uuid", "int", "text", "text", "text", "text",
            "timestamptz", "text", "text", "text");

    private static final Rows.Statement INSERT_EVENTS = EVENT_ROWS.statement("""
            INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
            SELECT v.campaign_id, v.case_id, v.seq, v.type, v.from_state, v.to_state, v.actor, v.at, v.data,
                   decode(v.prev_hash, 'hex'), decode(v.hash, 'hex')
            FROM %s AS v(campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
            """);

    private static final Rows CASE_ROWS = new Rows("uuid", "int", "text", "int", "timestamptz", "text", "timestamptz",
            "bigint", "timestamptz", "timestamptz", "uuid", "text", "timestamptz");

    private static final Rows.Statement UPDATE_CASES = CASE_ROWS.statement("""
            UPDATE dr_case c SET state = v.state, round = v.round, due_at = v.due_at, verification_basis = v.basis,
                   state_since = v.state_since, reminded_offset_s = v.reminded, next_reminder_at = v.next_reminder_at,
                   escalate_at = v.escalate_at, link_token_id = v.link_token_id, version = c.version + 1,
                   event_count = v.seq, last_event_hash = decode(v.hash, 'hex'), updated_at = v.at
            FROM %s AS v(id, seq, state, round, due_at, basis, state_since, reminded, next_reminder_at, escalate_at,
                         link_token_id, hash, at)
            WHERE c.id = v.id AND c.event_count = v.seq - 1
            """);

    @Inject
    DataSource dataSource;

    /** Stores the transitions; answers each case's new version, in order. */
    public long[] write(List<CaseTransition> transitions) {
        int n = transitions.size();
        long[] versions = new long[n];
        if (n == 0) {
            return versions;
        }
        String[] campaign = new String[n], caseId = new String[n], type = new String[n], from = new String[n],
                to = new String[n], actor = new String[n], at = new String[n], data = new String[n],
                prev = new String[n], hash = new String[n], dueAt = new String[n], basis = new String[n],
                since = new String[n], nextReminder = new String[n], escalate = new String[n], link = new String[n];
        Integer[] seq = new Integer[n], round = new Integer[n];
        Long[] reminded = new Long[n];
        for (int i = 0; i < n; i++) {
            CaseTransition t = transitions.get(i);
            CaseRecord c = t.before();
            seq[i] = c.head().eventCount() + 1;
            campaign[i] = c.campaignId().toString();
            caseId[i] = c.id().toString();
            type[i] = t.event().type().name();
            from[i] = t.event().fromState() == null ? null : t.event().fromState().name();
            to[i] = t.event().toState().name();
            actor[i] = t.actor();
            at[i] = t.at().toString();
            data[i] = json(t);
            prev[i] = HEX.formatHex(c.head().lastEventHash());
            hash[i] = HEX.formatHex(EventHash.of(c.head().lastEventHash(), c.id(), seq[i], type[i], from[i], to[i],
                    actor[i], t.at(), data[i]));
            round[i] = t.next().round();
            dueAt[i] = text(t.next().dueAt());
            basis[i] = t.next().verificationBasis() == null ? null : t.next().verificationBasis().name();
            CaseTimers timers = t.nextTimers();
            since[i] = text(timers.stateSince());
            reminded[i] = timers.remindedOffsetSeconds();
            nextReminder[i] = text(timers.nextReminderAt());
            escalate[i] = text(timers.escalateAt());
            link[i] = timers.linkTokenId() == null ? null : timers.linkTokenId().toString();
            versions[i] = c.version() + 1;
        }
        String[] state = new String[n];
        for (int i = 0; i < n; i++) {
            state[i] = transitions.get(i).next().state().name();
        }
        try (Connection con = dataSource.getConnection()) {
            try (PreparedStatement ps = con.prepareStatement(INSERT_EVENTS.sql(n))) {
                EVENT_ROWS.bind(con, ps, 1, new Object[][] { campaign, caseId, seq, type, from, to, actor, at, data,
                        prev, hash }, n);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = con.prepareStatement(UPDATE_CASES.sql(n))) {
                CASE_ROWS.bind(con, ps, 1, new Object[][] { caseId, seq, state, round, dueAt, basis, since, reminded,
                        nextReminder, escalate, link, hash, at }, n);
                int updated = ps.executeUpdate();
                if (updated != n) {
                    throw new IllegalStateException("the chain head of " + (n - updated)
                            + " case(s) moved while they were locked");
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
        return versions;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String json(CaseTransition t) {
        try {
            return EVENT_DATA.writeValueAsString(t.event().data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be written", e);
        }
    }
}
