package org.datarecall.casework;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.casework.domain.CaseSnapshot;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.CaseTimers;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.casework.domain.VerificationBasis;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlSelection;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads case rows, and claims due ones for the sweep. Changes go through {@link CaseWriter}. */
@ApplicationScoped
public class CaseRepository {

    public static final String COLUMNS = "id, campaign_id, developer_id, name, email, cc_emails, app_ids, "
            + "last_access_at, risk_tier, state, round, due_at, verification_basis, version, created_at, updated_at, "
            + "event_count, last_event_hash, state_since, reminded_offset_s, next_reminder_at, escalate_at, link_token_id, round_spent, unreachable, "
            + "parent_case_id, onward_from, locale, requested_locale, owner";

    @Inject
    Jdbc jdbc;

    public Optional<CaseRecord> find(UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_case WHERE id = ?", CaseRepository::map, id);
    }

    /** Reads a case and locks it until the transaction ends. */
    public Optional<CaseRecord> lock(UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_case WHERE id = ? FOR UPDATE", CaseRepository::map, id);
    }

    /**
     * Reads and locks these cases until the transaction ends, in id order, so that two transactions
     * locking overlapping sets wait for each other instead of deadlocking. Missing ids are left out.
     */
    public Map<UUID, CaseRecord> lockAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM dr_case WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE";
        Map<UUID, CaseRecord> locked = new HashMap<>();
        for (CaseRecord c : jdbc.list(sql, CaseRepository::map, (Object) SqlValues.texts(ids))) {
            locked.put(c.id(), c);
        }
        return locked;
    }

    /**
     * Claims up to {@code limit} cases with this work due, locked until the transaction ends;
     * {@code SKIP LOCKED} lets replicas (and parallel batches) take disjoint cases, and a claimed case
     * is re-checked against the condition after any concurrent change. Cases in {@code passedOver}
     * (those a run could not move) are left out, so that they never fill a batch again in that run.
     */
    public List<CaseRecord> claim(DueWork due, Collection<UUID> passedOver, int limit) {
        List<Object> params = new ArrayList<>(due.params());
        String skip = "";
        if (!passedOver.isEmpty()) {
            skip = " AND NOT (id = ANY(?::uuid[]))";
            params.add(SqlValues.texts(passedOver));
        }
        params.add(limit);
        String sql = "SELECT " + COLUMNS + " FROM dr_case WHERE " + due.where() + skip + " LIMIT ? FOR UPDATE SKIP LOCKED";
        return jdbc.list(sql, CaseRepository::map, params.toArray());
    }

    /** The sub-cases of a case (third parties it passed the data on to), in developer-id order. */
    public List<CaseRecord> subCases(UUID parentCaseId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_case WHERE parent_case_id = ? ORDER BY developer_id LIMIT 500",
                CaseRepository::map, parentCaseId);
    }

    /** One page of a campaign's cases in developer-id order, after {@code afterDeveloperId}. */
    public List<CaseRecord> list(CaseFilter filter, String afterDeveloperId, int limit, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dr_case WHERE campaign_id = ?");
        List<Object> params = new ArrayList<>();
        where(filter, now, sql, params);
        if (afterDeveloperId != null) {
            sql.append(" AND developer_id > ?");
            params.add(afterDeveloperId);
        }
        sql.append(" ORDER BY developer_id LIMIT ?");
        params.add(limit);
        return jdbc.list(sql.toString(), CaseRepository::map, params.toArray());
    }

    /**
     * One page of the auditors' queue: AUDIT_PENDING cases of every campaign, longest waiting first, after
     * the case that ended the last page (dr_case_audit_queue_idx); only one staff member's when
     * {@code owner} is given, only those nobody has taken when it is {@link CaseFilter#NOBODY}.
     */
    public List<CaseRecord> auditQueue(String owner, Instant afterSince, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dr_case WHERE state = 'AUDIT_PENDING'");
        List<Object> params = new ArrayList<>();
        if (CaseFilter.NOBODY.equals(owner)) {
            sql.append(" AND owner IS NULL");
        } else if (owner != null) {
            sql.append(" AND owner = ?"); // dr_case_owner_audit_queue_idx
            params.add(owner);
        }
        if (afterSince != null) {
            sql.append(" AND (state_since, id) > (?, ?)");
            params.add(afterSince);
            params.add(afterId);
        }
        sql.append(" ORDER BY state_since, id LIMIT ?");
        params.add(limit);
        return jdbc.list(sql.toString(), CaseRepository::map, params.toArray());
    }

    /** Where a page sorted by deadline ends: the last row's deadline (null: none) and developer id. */
    public record DueCursor(Instant dueAt, String developerId) {
    }

    /**
     * One page in deadline order, cases without a deadline last, ties by developer id. The expression
     * matches the index {@code dr_case_due_order_idx}, so each page is an index range at any size.
     */
    public List<CaseRecord> listByDue(CaseFilter filter, DueCursor after, int limit, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dr_case WHERE campaign_id = ?");
        List<Object> params = new ArrayList<>();
        where(filter, now, sql, params);
        if (after != null) {
            sql.append(" AND (coalesce(due_at, 'infinity'::timestamptz), developer_id) > "
                    + "(coalesce(?::timestamptz, 'infinity'::timestamptz), ?)");
            params.add(after.dueAt()); // null: no deadline, which coalesce turns into infinity
            params.add(after.developerId());
        }
        sql.append(" ORDER BY coalesce(due_at, 'infinity'::timestamptz), developer_id LIMIT ?");
        params.add(limit);
        return jdbc.list(sql.toString(), CaseRepository::map, params.toArray());
    }

    /**
     * The cases matching a filter, as a statement for set-based work over them (a bulk action's queue, a
     * filtered report); its rows: id, developer_id, state.
     */
    public static SqlSelection matching(CaseFilter filter, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT id, developer_id, state FROM dr_case WHERE campaign_id = ?");
        List<Object> params = new ArrayList<>();
        where(filter, now, sql, params);
        return new SqlSelection(sql.toString(), params.toArray());
    }

    private static void where(CaseFilter filter, Instant now, StringBuilder sql, List<Object> params) {
        params.add(filter.campaignId());
        if (filter.state() != null) {
            sql.append(" AND state = ?");
            params.add(filter.state().name());
        }
        if (filter.riskTier() != null) {
            sql.append(" AND risk_tier = ?");
            params.add(filter.riskTier().name());
        }
        if (filter.overdue() != null) {
            String overdue = "(state IN ('DELETION_REQUESTED', 'ESCALATED') AND due_at < ?)";
            sql.append(filter.overdue() ? " AND " + overdue : " AND NOT " + overdue);
            params.add(now);
        }
        if (filter.owner() != null) {
            if (CaseFilter.NOBODY.equals(filter.owner())) {
                sql.append(" AND owner IS NULL");
            } else {
                sql.append(" AND owner = ?");
                params.add(filter.owner());
            }
        }
        if (filter.unreachable() != null) {
            sql.append(filter.unreachable() ? " AND unreachable" : " AND NOT unreachable");
        }
        if (filter.finding() != null) {
            sql.append(CaseFilter.ANY_FINDING.equals(filter.finding())
                    ? " AND EXISTS (SELECT 1 FROM dr_finding f WHERE f.case_id = dr_case.id)"
                    : " AND EXISTS (SELECT 1 FROM dr_finding f WHERE f.case_id = dr_case.id AND f.kind = ?)");
            if (!CaseFilter.ANY_FINDING.equals(filter.finding())) {
                params.add(filter.finding());
            }
        }
        if (filter.query() != null) {
            // A case-insensitive substring of id, name or email (an exact id or address is one too): the
            // expression of the trigram index dr_case_search_idx (V23), so no match costs what many do.
            sql.append(" AND (developer_id || E'\\x01' || name || E'\\x01' || email) ILIKE ?");
            params.add("%" + filter.query().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
    }

    /** Maps a row selected with {@link #COLUMNS}. */
    public static CaseRecord map(ResultSet rs) throws SQLException {
        String basis = rs.getString("verification_basis");
        CaseSnapshot snapshot = new CaseSnapshot(CaseState.valueOf(rs.getString("state")), rs.getInt("round"),
                SqlValues.instant(rs, "due_at"), basis == null ? null : VerificationBasis.valueOf(basis),
                rs.getBoolean("round_spent"));
        Developer developer = new Developer(rs.getString("developer_id"), rs.getString("name"), rs.getString("email"),
                SqlValues.strings(rs, "cc_emails"), SqlValues.strings(rs, "app_ids"),
                SqlValues.instant(rs, "last_access_at"), org.datarecall.platform.i18n.Language.ofTag(rs.getString("locale")),
                rs.getString("requested_locale"));
        long remindedValue = rs.getLong("reminded_offset_s");
        Long reminded = rs.wasNull() ? null : remindedValue;
        CaseTimers timers = new CaseTimers(SqlValues.instant(rs, "state_since"), reminded,
                SqlValues.instant(rs, "next_reminder_at"), SqlValues.instant(rs, "escalate_at"),
                SqlValues.uuid(rs, "link_token_id"));
        return new CaseRecord(SqlValues.uuid(rs, "id"), SqlValues.uuid(rs, "campaign_id"), developer,
                RiskTier.valueOf(rs.getString("risk_tier")), snapshot, rs.getLong("version"),
                SqlValues.instant(rs, "created_at"), SqlValues.instant(rs, "updated_at"),
                new ChainHead(rs.getInt("event_count"), rs.getBytes("last_event_hash")), timers,
                rs.getBoolean("unreachable"), SqlValues.uuid(rs, "parent_case_id"), rs.getString("onward_from"),
                rs.getString("owner"));
    }
}
