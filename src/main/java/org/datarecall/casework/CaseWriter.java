package org.datarecall.casework;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.campaign.ImportResult;
import org.datarecall.campaign.PolicyChanged;
import org.datarecall.casework.domain.CaseEvent;
import org.datarecall.casework.domain.CaseEventType;
import org.datarecall.casework.domain.CaseTimers;
import org.datarecall.evidence.EventHash;
import org.datarecall.platform.jdbc.Column;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.RowWriter;
import org.datarecall.platform.jdbc.SqlValues;
import org.datarecall.webhook.Subscriptions;
import org.datarecall.webhook.WebhookEvent;
import org.datarecall.webhook.WebhookOutbox;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The one writer of cases and their events. Stores accepted transitions, one or thousands at a time,
 * in two set-based statements: the events
 * (each hashed onto its case's chain head) and the cases' new snapshot, timers and head. The caller
 * holds the cases' row locks; a head that moved anyway is an error, never a forked chain.
 */
@ApplicationScoped
public class CaseWriter {

    private static final HexFormat HEX = HexFormat.of();

    /** A transition with what its event adds to the case's chain: its sequence number, stored data and hash. */
    private record Appended(CaseTransition t, int seq, String data, String hash) {

        static Appended of(CaseTransition t) {
            CaseRecord c = t.before();
            int seq = c.head().eventCount() + 1;
            String data = EventData.json(t.event());
            byte[] hash = EventHash.of(c.head().lastEventHash(), c.id(), seq, t.event().type().name(),
                    name(t.event().fromState()), t.event().toState().name(), t.actor(), t.at(), data);
            return new Appended(t, seq, data, HEX.formatHex(hash));
        }

        CaseRecord before() {
            return t.before();
        }

        CaseTimers timers() {
            return t.nextTimers();
        }
    }

    private static final RowWriter<Appended> INSERT_EVENTS = RowWriter.of("""
            INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
            SELECT v.campaign_id, v.case_id, v.seq, v.type, v.from_state, v.to_state, v.actor, v.at, v.data,
                   decode(v.prev_hash, 'hex'), decode(v.hash, 'hex')
            FROM %s
            """,
            Column.uuid("campaign_id", a -> a.before().campaignId()),
            Column.uuid("case_id", a -> a.before().id()),
            Column.integer("seq", Appended::seq),
            Column.text("type", a -> a.t().event().type().name()),
            Column.text("from_state", a -> name(a.t().event().fromState())),
            Column.text("to_state", a -> a.t().event().toState().name()),
            Column.text("actor", a -> a.t().actor()),
            Column.timestamptz("at", a -> a.t().at()),
            Column.text("data", Appended::data),
            Column.text("prev_hash", a -> HEX.formatHex(a.before().head().lastEventHash())),
            Column.text("hash", Appended::hash));

    private static final RowWriter<Appended> UPDATE_CASES = RowWriter.of("""
            UPDATE dr_case c SET state = v.state, round = v.round, due_at = v.due_at, verification_basis = v.basis,
                   state_since = v.state_since, reminded_offset_s = v.reminded, next_reminder_at = v.next_reminder_at,
                   escalate_at = v.escalate_at, link_token_id = v.link_token_id, version = c.version + 1,
                   event_count = v.seq, last_event_hash = decode(v.hash, 'hex'), updated_at = v.at,
                   round_spent = v.round_spent
            FROM %s
            WHERE c.id = v.id AND c.event_count = v.seq - 1
            """,
            Column.uuid("id", a -> a.before().id()),
            Column.integer("seq", Appended::seq),
            Column.text("state", a -> a.t().next().state().name()),
            Column.integer("round", a -> a.t().next().round()),
            Column.timestamptz("due_at", a -> a.t().next().dueAt()),
            Column.text("basis", a -> name(a.t().next().verificationBasis())),
            Column.timestamptz("state_since", a -> a.timers().stateSince()),
            Column.bigint("reminded", a -> a.timers().remindedOffsetSeconds()),
            Column.timestamptz("next_reminder_at", a -> a.timers().nextReminderAt()),
            Column.timestamptz("escalate_at", a -> a.timers().escalateAt()),
            Column.uuid("link_token_id", a -> a.timers().linkTokenId()),
            Column.text("hash", Appended::hash),
            Column.timestamptz("at", a -> a.t().at()),
            Column.bool("round_spent", a -> a.t().next().roundSpent()));

    /** One pass of {@link #appendStaged}: the events of the staged rows at one position, hashed onto their heads. */
    private static final String APPEND_STAGED = """
            WITH params AS (
                SELECT ?::text AS actor, ?::timestamptz AS now, ?::text AS type, ?::integer AS ord
            ), hashed AS MATERIALIZED (
                SELECT c.id, c.campaign_id, c.state, c.event_count + 1 AS seq, c.last_event_hash AS prev_hash, s.data,
                       dr_event_hash(c.last_event_hash, c.id, c.event_count + 1, p.type, c.state, c.state, p.actor,
                                     p.now, s.data) AS hash
                FROM dr_note_stage s JOIN dr_case c ON c.id = s.case_id, params p
                WHERE s.ord = p.ord
            ), events AS (
                INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
                SELECT h.campaign_id, h.id, h.seq, p.type, h.state, h.state, p.actor, p.now, h.data, h.prev_hash, h.hash
                FROM hashed h, params p
            )%WEBHOOKS%
            UPDATE dr_case c SET version = c.version + 1, event_count = h.seq, last_event_hash = h.hash, updated_at = p.now%ALSO_SET%
            FROM hashed h, params p
            WHERE c.id = h.id
            """;

    /** The hash before a case's first event. */
    private static final String GENESIS = "'\\x" + "00".repeat(32) + "'::bytea";

    /**
     * New developers: one case and its CASE_OPENED event each, both straight from the staged rows
     * (the event's data and hash were computed while streaming). No ON CONFLICT is needed: the
     * campaign row lock keeps other imports out, and only imports create cases.
     */
    private static final String INSERT_NEW = """
            WITH params AS (
                SELECT ?::uuid AS campaign_id, ?::text AS actor, ?::timestamptz AS now
            ), opened AS (
                INSERT INTO dr_case (id, campaign_id, developer_id, name, email, cc_emails, app_ids, last_access_at,
                                     risk_tier, state, round, state_since, version, event_count, last_event_hash,
                                     created_at, updated_at, locale, requested_locale)
                SELECT i.case_id, p.campaign_id, i.developer_id, i.name, i.email, i.cc_emails, i.app_ids, i.last_access_at,
                       i.risk_tier, 'PENDING', 0, p.now, 1, 1, i.opened_hash, p.now, p.now, coalesce(i.locale, 'en'), i.requested_locale
                FROM dr_import i, params p
                WHERE NOT EXISTS (SELECT 1 FROM dr_case c WHERE c.campaign_id = p.campaign_id AND c.developer_id = i.developer_id)
                RETURNING id
            ), events AS (
                INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
                SELECT p.campaign_id, i.case_id, 1, 'CASE_OPENED', NULL, 'PENDING', p.actor, p.now, i.opened_data,
                       GENESIS, i.opened_hash
                FROM opened o JOIN dr_import i ON i.case_id = o.id, params p
            )%WEBHOOKS%
            SELECT count(*) FROM opened
            """.replace("GENESIS", GENESIS);

    /**
     * Known developers whose contacts changed: the case takes the new values, and a DEVELOPER_UPDATED
     * event joins its chain. The cases are locked before this runs, so their chain heads are current.
     */
    private static final String UPDATE_CHANGED = """
            WITH params AS (
                SELECT ?::uuid AS campaign_id, ?::timestamptz AS high_risk_since, ?::text AS actor, ?::timestamptz AS now
            ), changed AS (
                SELECT c.id, c.state, c.event_count + 1 AS seq, c.last_event_hash AS prev_hash, i.name, i.email,
                       i.cc_emails, i.app_ids, i.last_access_at,
                       CASE WHEN i.last_access_at >= p.high_risk_since
                                 OR dr_recent_platform_access(p.campaign_id, i.app_ids, p.high_risk_since)
                            THEN 'HIGH' ELSE 'STANDARD' END AS risk_tier,
                       i.developer_id
                FROM dr_import i JOIN dr_case c ON c.developer_id = i.developer_id, params p
                WHERE c.campaign_id = p.campaign_id
                  AND (c.name, c.email, c.cc_emails, c.app_ids, c.last_access_at)
                      IS DISTINCT FROM (i.name, i.email, i.cc_emails, i.app_ids, i.last_access_at)
            ), described AS (
                SELECT ch.*, dr_developer_json(ch.developer_id, ch.name, ch.email, ch.cc_emails, ch.app_ids,
                                               ch.last_access_at, ch.risk_tier) AS data
                FROM changed ch
            ), hashed AS MATERIALIZED (
                SELECT d.*, dr_event_hash(d.prev_hash, d.id, d.seq, 'DEVELOPER_UPDATED', d.state, d.state, p.actor, p.now,
                                          d.data) AS hash
                FROM described d, params p
            ), events AS (
                INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data, prev_hash, hash)
                SELECT p.campaign_id, h.id, h.seq, 'DEVELOPER_UPDATED', h.state, h.state, p.actor, p.now, h.data, h.prev_hash, h.hash
                FROM hashed h, params p
            )%WEBHOOKS%
            UPDATE dr_case c SET name = h.name, email = h.email, cc_emails = h.cc_emails, app_ids = h.app_ids,
                   last_access_at = h.last_access_at, risk_tier = h.risk_tier, version = c.version + 1,
                   event_count = h.seq, last_event_hash = h.hash, updated_at = p.now
            FROM hashed h, params p
            WHERE c.id = h.id
            """;

    /**
     * The set-based statements with the step that queues their events' webhook deliveries, used when a
     * subscription takes the type (its names are the statement's last parameter), and without it.
     */
    private static final Map<String, String> WITH_WEBHOOKS = Map.of(
            APPEND_STAGED, APPEND_STAGED.replace("%WEBHOOKS%", WebhookOutbox.queueStep("hashed h, params p", "h.id",
                    "h.campaign_id", "h.seq", "p.type", "h.state", "h.state", "p.actor", "p.now", "h.data")),
            INSERT_NEW, INSERT_NEW.replace("%WEBHOOKS%", WebhookOutbox.queueStep(
                    "opened o JOIN dr_import i ON i.case_id = o.id, params p", "i.case_id", "p.campaign_id", "1",
                    "'CASE_OPENED'", "NULL", "'PENDING'", "p.actor", "p.now", "i.opened_data")),
            UPDATE_CHANGED, UPDATE_CHANGED.replace("%WEBHOOKS%", WebhookOutbox.queueStep("hashed h, params p", "h.id",
                    "p.campaign_id", "h.seq", "'DEVELOPER_UPDATED'", "h.state", "h.state", "p.actor", "p.now", "h.data")));

    @Inject
    Jdbc jdbc;

    @Inject
    Subscriptions subscriptions;

    @Inject
    WebhookOutbox webhooks;

    /**
     * A set-based statement and its parameters, with the webhook step and the names of the subscriptions
     * that take {@code type} when there are any, else without the step.
     */
    private Prepared withWebhooks(String statement, CaseEventType type, Object... params) {
        String[] names = subscriptions.names(type);
        if (names.length == 0) {
            return new Prepared(statement.replace("%WEBHOOKS%", ""), params);
        }
        Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
        all[params.length] = names;
        return new Prepared(WITH_WEBHOOKS.get(statement), all);
    }

    /** A statement's text and its parameters. */
    private record Prepared(String sql, Object[] params) {
    }

    /** Stores the transitions; answers each case's new version, in order. */
    public long[] write(List<CaseTransition> transitions) {
        int n = transitions.size();
        long[] versions = new long[n];
        if (n == 0) {
            return versions;
        }
        List<Appended> appended = transitions.stream().map(Appended::of).toList();
        jdbc.withConnection(con -> {
            INSERT_EVENTS.write(con, appended);
            int updated = UPDATE_CASES.write(con, appended);
            if (updated != n) {
                throw new IllegalStateException("the chain head of " + (n - updated)
                        + " case(s) moved while they were locked");
            }
            List<Object> ownerCases = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            for (CaseTransition t : transitions) {
                if (t.event() instanceof CaseEvent.OwnerAssigned o) {
                    ownerCases.add(t.before().id());
                    owners.add(o.owner());
                }
            }
            if (!ownerCases.isEmpty()) {
                // One statement for a bulk assignment's batch.
                Jdbc.update(con, "UPDATE dr_case c SET owner = v.owner FROM unnest(?::uuid[], ?::text[]) AS v(id, owner) "
                        + "WHERE c.id = v.id", SqlValues.texts(ownerCases), owners.toArray(String[]::new));
            }
            for (CaseTransition t : transitions) {
                if (t.event() instanceof CaseEvent.ContactUpdated u) {
                    // Rare and one at a time (a manager's action): its own statement keeps the batch's lean.
                    Jdbc.update(con, "UPDATE dr_case SET email = ?, cc_emails = ?::text[] WHERE id = ?", u.email(),
                            SqlValues.texts(u.ccEmails()), t.before().id());
                    // Mail still waiting for the developer goes to the new addresses, not the replaced ones
                    // (the case is locked: its notices after it, as every writer does). Staff mail, the
                    // delegate's and a signatory's code keep theirs.
                    Jdbc.update(con, "UPDATE dr_notice SET to_addresses = ARRAY[?]::text[], cc_addresses = ?::text[] "
                            + "WHERE case_id = ? AND status IN ('QUEUED', 'FAILED') "
                            + "AND kind NOT IN ('ESCALATION', 'CHECKPOINT', 'SIGNATORY_CODE', 'DELEGATION_NOTICE')",
                            u.email(), SqlValues.texts(u.ccEmails()), t.before().id());
                }
            }
            return null;
        });
        for (int i = 0; i < n; i++) {
            versions[i] = transitions.get(i).before().version() + 1;
        }
        return versions;
    }

    /** A third party the data was passed on to, named with an address: it gets a case of its own. */
    public record SubCase(String name, String email) {
    }

    /**
     * Opens a sub-case per third party of {@code parent}, in its campaign: PENDING, so the sweep notifies
     * it and asks it to delete and attest like any case. It has no apps of its own (the platform's records
     * stay with the parent) and the parent's risk tier. Its developer id is derived from the parent and
     * the address, so a party named again (a later round) is not opened twice. Answers how many were opened.
     */
    public int openSubCases(CaseRecord parent, List<SubCase> parties, String actor, Instant now) {
        int opened = 0;
        for (SubCase p : parties) {
            String developerId = subCaseDeveloperId(parent.developer().developerId(), p.email());
            UUID id = org.datarecall.platform.jdbc.Ids.newId(now);
            CaseEvent.CaseOpened event = new CaseEvent.CaseOpened(developerId, p.name(), p.email(), List.of(),
                    List.of(), null, parent.riskTier(), parent.id());
            String data = EventData.json(event);
            byte[] hash = EventHash.of(EventHash.GENESIS, id, 1, event.type().name(), null, event.toState().name(),
                    actor, now, data);
            int one = jdbc.update("""
                    WITH opened AS (
                        INSERT INTO dr_case (id, campaign_id, developer_id, name, email, risk_tier, state, round,
                                             state_since, version, event_count, last_event_hash, created_at, updated_at,
                                             parent_case_id, onward_from, locale)
                        VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, 1, 1, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (campaign_id, developer_id) DO NOTHING
                        RETURNING id, campaign_id
                    )
                    INSERT INTO dr_case_event (campaign_id, case_id, seq, type, from_state, to_state, actor, at, data,
                                               prev_hash, hash)
                    SELECT o.campaign_id, o.id, 1, 'CASE_OPENED', NULL, 'PENDING', ?, ?, ?, ?, ?
                    FROM opened o
                    """, id, parent.campaignId(), developerId, p.name(), p.email(), parent.riskTier().name(), now, hash,
                    now, now, parent.id(), parent.developer().name(), parent.developer().language().tag(), actor, now,
                    data, EventHash.GENESIS, hash);
            if (one == 1 && webhooks.active()) {
                webhooks.enqueue(List.of(new WebhookEvent(parent.campaignId(), id, 1, event.type().name(), null,
                        event.toState().name(), actor, now, data)));
            }
            opened += one;
        }
        return opened;
    }

    /**
     * The parent's developer id and the address, or (when that is too long for an id) a digest of both
     * after the start of the parent's id, so that two long parents naming one address stay apart.
     */
    static String subCaseDeveloperId(String parentDeveloperId, String email) {
        String address = email.toLowerCase(java.util.Locale.ROOT);
        String plain = parentDeveloperId + "/onward/" + address;
        if (plain.length() <= 200) {
            return plain;
        }
        String digest;
        try {
            digest = HEX.formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        return parentDeveloperId.substring(0, Math.min(parentDeveloperId.length(), 150)) + "/onward/" + digest;
    }

    /** A draft's new policy moves its cases' risk tiers (a draft's cases are all still PENDING). */
    void recomputeRiskTiers(@Observes PolicyChanged change) {
        recomputeRiskTiers(change.campaignId(), change.highRiskSince(), change.at());
    }

    /**
     * Sets every case's risk tier from the developer's own last access and the platform's records. No
     * event: the tier is derived, and the facts it is derived from are in the history or the records.
     * A tier that changes mid-round rules the case from its next transition; deadlines given stay.
     */
    public long recomputeRiskTiers(UUID campaignId, Instant highRiskSince, Instant at) {
        // A whole campaign's cases: long work (called in the policy change's transaction).
        return jdbc.withConnection(con -> {
            Jdbc.longWork(con);
            return (long) Jdbc.update(con, """
                UPDATE dr_case c SET risk_tier = t.tier, updated_at = ?
                FROM (SELECT id, CASE WHEN last_access_at >= ? OR dr_recent_platform_access(campaign_id, app_ids, ?)
                                      THEN 'HIGH' ELSE 'STANDARD' END AS tier
                      FROM dr_case WHERE campaign_id = ?) t
                WHERE c.id = t.id AND c.risk_tier <> t.tier
                """, at, highRiskSince, highRiskSince, campaignId);
        });
    }

    /**
     * Raises the cases staged by the caller in {@code dr_high_risk_stage (case_id)} (made by
     * {@link #openHighRiskStage}) to HIGH: new platform records show them reading the data recently.
     * Only STANDARD cases are written. Answers how many changed.
     */
    public long raiseToHighRisk(Connection con, Instant at) throws SQLException {
        return Jdbc.update(con, "UPDATE dr_case c SET risk_tier = 'HIGH', updated_at = ? FROM dr_high_risk_stage s "
                + "WHERE c.id = s.case_id AND c.risk_tier = 'STANDARD'", at);
    }

    /** The hand-over table of {@link #raiseToHighRisk}, empty, for the caller's transaction. */
    public static void openHighRiskStage(Connection con) throws SQLException {
        try (Statement st = con.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS dr_high_risk_stage (case_id uuid PRIMARY KEY) ON COMMIT DROP");
            st.execute("TRUNCATE dr_high_risk_stage");
        }
    }

    /**
     * Appends one event that changes no state (ACCESS_REVOKED, FINDING) to each case staged by the caller
     * in the temporary table made by {@link #openNoteStage}, with its data. A case staged several times
     * gets its events in {@code ord} order, one pass per position. The caller has locked the staged cases
     * in id order ({@link #lockStaged} does, or a lock of its own that covers them) and may then drop rows that
     * another writer made redundant meanwhile;
     * answers how many events were appended.
     */
    public long appendStaged(Connection con, CaseEventType type, String actor, Instant now) throws SQLException {
        return appendStaged(con, type, actor, now, "");
    }

    /**
     * {@link #appendStaged(Connection, CaseEventType, String, Instant)}, setting more of each case in the same
     * row update: {@code alsoSet} is a list of {@code column = expression} in SQL over the case {@code c} and
     * {@code p.now}. A second update of the same cases would write each row again, with an entry in every
     * index when the column is in one.
     */
    public long appendStaged(Connection con, CaseEventType type, String actor, Instant now, String alsoSet)
            throws SQLException {
        int passes = Jdbc.list(con, "SELECT coalesce(max(ord), 0) FROM dr_note_stage", rs -> rs.getInt(1)).getFirst();
        long appended = 0;
        for (int ord = 1; ord <= passes; ord++) {
            Prepared append = withWebhooks(APPEND_STAGED, type, actor, now, type.name(), ord);
            appended += Jdbc.update(con, append.sql().replace("%ALSO_SET%", alsoSet.isBlank() ? "" : ", " + alsoSet),
                    append.params());
        }
        return appended;
    }

    /** Locks the staged cases in id order (as every other writer does), so no two writers wait on each other. */
    public void lockStaged(Connection con) throws SQLException {
        Jdbc.list(con, "SELECT count(*) FROM (SELECT c.id FROM dr_case c WHERE c.id IN (SELECT case_id FROM "
                + "dr_note_stage) ORDER BY c.id FOR UPDATE OF c) locked", rs -> rs.getLong(1));
    }

    /**
     * The hand-over table of {@link #appendStaged}, empty, for the caller's transaction: the case, the
     * event's position among the case's staged events, its data, and a key of the caller's own.
     */
    public static void openNoteStage(Connection con) throws SQLException {
        try (Statement st = con.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS dr_note_stage (case_id uuid NOT NULL, ord integer NOT NULL, "
                    + "data text NOT NULL, key text) ON COMMIT DROP");
            st.execute("TRUNCATE dr_note_stage");
        }
    }

    /**
     * Moves reminder timers that fired with no reminder due behind them to the next reminder (or
     * none): timers are not part of the history, so no event. The caller holds the cases' row locks.
     */
    public void rescheduleReminders(Map<UUID, Instant> nextReminderAt) {
        if (nextReminderAt.isEmpty()) {
            return;
        }
        jdbc.update("UPDATE dr_case c SET next_reminder_at = v.at "
                + "FROM unnest(?::uuid[], ?::timestamptz[]) AS v(id, at) WHERE c.id = v.id",
                SqlValues.texts(nextReminderAt.keySet()),
                SqlValues.texts(nextReminderAt.values()));
    }

    /**
     * Merges an import staged in {@code dr_import} on the caller's connection: cases whose contacts
     * changed take the new ones (with a DEVELOPER_UPDATED event), new developers get a case (with its
     * CASE_OPENED event, hashed while staging). The caller holds the campaign's row lock.
     */
    ImportResult mergeStaged(Connection con, UUID campaignId, Instant highRiskSince, String actor, Instant now,
            long rows) throws SQLException {
        // Lock the cases this upload updates before reading their chain heads, so that a concurrent
        // action on one of them cannot slip an event in between.
        // Counted in SQL, so that a million locked rows never travel to the service.
        Jdbc.list(con, "SELECT count(*) FROM (SELECT c.id FROM dr_case c JOIN dr_import i "
                + "ON i.developer_id = c.developer_id WHERE c.campaign_id = ? ORDER BY c.id FOR UPDATE OF c) locked",
                rs -> rs.getLong(1), campaignId);
        // Room to keep the rows being written in memory instead of spilling them to temporary files.
        Jdbc.longWork(con);
        Prepared update = withWebhooks(UPDATE_CHANGED, CaseEventType.DEVELOPER_UPDATED, campaignId, highRiskSince,
                actor, now);
        long updated = Jdbc.update(con, update.sql(), update.params());
        // The language is how we write to the developer, not a fact of the record: it changes without an event,
        // and only when the upload names one (a re-import without the column keeps every developer's).
        Jdbc.update(con, "UPDATE dr_case c SET locale = i.locale, requested_locale = i.requested_locale FROM dr_import i "
                + "WHERE c.campaign_id = ? AND c.developer_id = i.developer_id AND i.locale IS NOT NULL "
                + "AND (c.locale, c.requested_locale) IS DISTINCT FROM (i.locale, i.requested_locale)", campaignId);
        Prepared insert = withWebhooks(INSERT_NEW, CaseEventType.CASE_OPENED, campaignId, actor, now);
        long created = Jdbc.list(con, insert.sql(), rs -> rs.getLong(1), insert.params()).getFirst();
        return new ImportResult(created, updated, rows - created - updated);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
