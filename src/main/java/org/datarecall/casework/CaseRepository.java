package org.datarecall.casework;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

import javax.sql.DataSource;

import org.datarecall.casework.domain.CaseSnapshot;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.CaseTimers;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.casework.domain.VerificationBasis;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads case rows, and claims due ones for the sweep. Changes go through {@link CaseWriter}. */
@ApplicationScoped
public class CaseRepository {

    public static final String COLUMNS = "id, campaign_id, developer_id, name, email, cc_emails, app_ids, "
            + "last_access_at, risk_tier, state, round, due_at, verification_basis, version, created_at, updated_at, "
            + "event_count, last_event_hash, state_since, reminded_offset_s, next_reminder_at, escalate_at, link_token_id, round_spent";

    @Inject
    DataSource dataSource;

    @Inject
    Jdbc jdbc;

    public Optional<CaseRecord> find(UUID id) {
        return one("SELECT " + COLUMNS + " FROM dr_case WHERE id = ?", id);
    }

    /** Reads a case and locks it until the transaction ends. */
    public Optional<CaseRecord> lock(UUID id) {
        return one("SELECT " + COLUMNS + " FROM dr_case WHERE id = ? FOR UPDATE", id);
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
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setArray(1, con.createArrayOf("text", ids.stream().map(UUID::toString).toArray()));
            Map<UUID, CaseRecord> locked = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CaseRecord c = map(rs);
                    locked.put(c.id(), c);
                }
            }
            return locked;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
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
            params.add(passedOver.stream().map(UUID::toString).toArray(String[]::new));
        }
        params.add(limit);
        String sql = "SELECT " + COLUMNS + " FROM dr_case WHERE " + due.where() + skip + " LIMIT ? FOR UPDATE SKIP LOCKED";
        return jdbc.withConnection(con -> {
            Object[] bound = params.toArray();
            for (int i = 0; i < bound.length; i++) {
                if (bound[i] instanceof String[] ids) {
                    bound[i] = con.createArrayOf("text", ids);
                }
            }
            return Jdbc.list(con, sql, CaseRepository::map, bound);
        });
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
        return query(sql.toString(), params);
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
            params.add(after.dueAt() == null ? NO_DEADLINE : after.dueAt());
            params.add(after.developerId());
        }
        sql.append(" ORDER BY coalesce(due_at, 'infinity'::timestamptz), developer_id LIMIT ?");
        params.add(limit);
        return query(sql.toString(), params);
    }

    /** Stands for "no deadline" in a cursor parameter (coalesce turns the null into infinity). */
    private static final Object NO_DEADLINE = new Object();

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
        if (filter.query() != null) {
            // Exact id or address first (index-friendly), then a case-insensitive substring of id, name or email.
            sql.append(" AND (developer_id = ? OR lower(email) = lower(?) OR developer_id ILIKE ? OR name ILIKE ? "
                    + "OR email ILIKE ?)");
            String like = "%" + filter.query().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(filter.query());
            params.add(filter.query());
            params.add(like);
            params.add(like);
            params.add(like);
        }
    }

    private List<CaseRecord> query(String sql, List<Object> params) {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p == NO_DEADLINE) {
                    ps.setNull(i + 1, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                } else if (p instanceof Instant at) {
                    SqlValues.setInstant(ps, i + 1, at);
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            List<CaseRecord> cases = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cases.add(map(rs));
                }
            }
            return cases;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private Optional<CaseRecord> one(String sql, UUID id) {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
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
                SqlValues.instant(rs, "last_access_at"));
        long remindedValue = rs.getLong("reminded_offset_s");
        Long reminded = rs.wasNull() ? null : remindedValue;
        CaseTimers timers = new CaseTimers(SqlValues.instant(rs, "state_since"), reminded,
                SqlValues.instant(rs, "next_reminder_at"), SqlValues.instant(rs, "escalate_at"),
                SqlValues.uuid(rs, "link_token_id"));
        return new CaseRecord(SqlValues.uuid(rs, "id"), SqlValues.uuid(rs, "campaign_id"), developer,
                RiskTier.valueOf(rs.getString("risk_tier")), snapshot, rs.getLong("version"),
                SqlValues.instant(rs, "created_at"), SqlValues.instant(rs, "updated_at"),
                new ChainHead(rs.getInt("event_count"), rs.getBytes("last_event_hash")), timers);
    }
}
