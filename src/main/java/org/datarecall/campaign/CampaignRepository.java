package org.datarecall.campaign;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.SqlValues;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Campaign rows. Callers own the transaction. */
@ApplicationScoped
public class CampaignRepository {

    private static final String COLUMNS = "id, title, description, data_categories, detected_at, exposure_start, "
            + "exposure_end, policy::text AS policy, status, created_by, created_at, launched_at, closed_at";

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    public void insert(Campaign c) {
        String sql = "INSERT INTO dr_campaign (id, title, description, data_categories, detected_at, exposure_start, "
                + "exposure_end, policy, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, c.id());
            ps.setString(2, c.title());
            ps.setString(3, c.description());
            SqlValues.setStrings(con, ps, 4, c.dataCategories());
            SqlValues.setInstant(ps, 5, c.detectedAt());
            SqlValues.setInstant(ps, 6, c.exposureStart());
            SqlValues.setInstant(ps, 7, c.exposureEnd());
            ps.setString(8, policyJson(c.policy()));
            ps.setString(9, c.status().name());
            ps.setString(10, c.createdBy());
            SqlValues.setInstant(ps, 11, c.createdAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public Optional<Campaign> find(UUID id) {
        return findWhere(id, "");
    }

    /** Reads a campaign and locks its row until the transaction ends: status changes and imports queue here. */
    public Optional<Campaign> lock(UUID id) {
        return findWhere(id, " FOR UPDATE");
    }

    /** Newest first, keyset-paged on the time-ordered id. */
    public List<Campaign> list(UUID after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM dr_campaign" + (after == null ? "" : " WHERE id < ?")
                + " ORDER BY id DESC LIMIT ?";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            int i = 1;
            if (after != null) {
                ps.setObject(i++, after);
            }
            ps.setInt(i, limit);
            List<Campaign> campaigns = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    campaigns.add(map(rs));
                }
            }
            return campaigns;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Every ACTIVE campaign: the sweep's scope for new and notified cases. */
    public List<Campaign> active() {
        String sql = "SELECT " + COLUMNS + " FROM dr_campaign WHERE status = 'ACTIVE' ORDER BY id";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            List<Campaign> campaigns = new ArrayList<>();
            while (rs.next()) {
                campaigns.add(map(rs));
            }
            return campaigns;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public void updatePolicy(UUID id, Policy policy) {
        update("UPDATE dr_campaign SET policy = ?::jsonb WHERE id = ?", ps -> {
            ps.setString(1, policyJson(policy));
            ps.setObject(2, id);
        });
    }

    public void markLaunched(UUID id, Instant at) {
        update("UPDATE dr_campaign SET status = 'ACTIVE', launched_at = ? WHERE id = ?", ps -> {
            SqlValues.setInstant(ps, 1, at);
            ps.setObject(2, id);
        });
    }

    public void markClosed(UUID id, Instant at) {
        update("UPDATE dr_campaign SET status = 'CLOSED', closed_at = ? WHERE id = ?", ps -> {
            SqlValues.setInstant(ps, 1, at);
            ps.setObject(2, id);
        });
    }

    /** A policy change can move the HIGH-risk boundary, so every case's tier is recomputed with it. */
    public void recomputeRiskTiers(UUID campaignId, Instant highRiskSince, Instant at) {
        update("UPDATE dr_case SET risk_tier = CASE WHEN last_access_at >= ? THEN 'HIGH' ELSE 'STANDARD' END, "
                + "updated_at = ? WHERE campaign_id = ? AND risk_tier <> CASE WHEN last_access_at >= ? "
                + "THEN 'HIGH' ELSE 'STANDARD' END", ps -> {
                    SqlValues.setInstant(ps, 1, highRiskSince);
                    SqlValues.setInstant(ps, 2, at);
                    ps.setObject(3, campaignId);
                    SqlValues.setInstant(ps, 4, highRiskSince);
                });
    }

    /** How many cases of the campaign are not yet in a terminal state. */
    public long countOpenCases(UUID campaignId) {
        String sql = "SELECT count(*) FROM dr_case WHERE campaign_id = ? "
                + "AND state NOT IN ('VERIFIED', 'ENFORCED', 'WITHDRAWN')";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private Optional<Campaign> findWhere(UUID id, String suffix) {
        String sql = "SELECT " + COLUMNS + " FROM dr_campaign WHERE id = ?" + suffix;
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private Campaign map(ResultSet rs) throws SQLException {
        return new Campaign(
                SqlValues.uuid(rs, "id"),
                rs.getString("title"),
                rs.getString("description"),
                SqlValues.strings(rs, "data_categories"),
                SqlValues.instant(rs, "detected_at"),
                SqlValues.instant(rs, "exposure_start"),
                SqlValues.instant(rs, "exposure_end"),
                readPolicy(rs.getString("policy")),
                CampaignStatus.valueOf(rs.getString("status")),
                rs.getString("created_by"),
                SqlValues.instant(rs, "created_at"),
                SqlValues.instant(rs, "launched_at"),
                SqlValues.instant(rs, "closed_at"));
    }

    private String policyJson(Policy policy) {
        try {
            return json.writeValueAsString(policy.toDocument());
        } catch (JsonProcessingException e) {
            throw new DatabaseException("policy cannot be written", e);
        }
    }

    /**
     * Stored policies read before, by their text: every case transition reads its campaign, and
     * parsing the same JSON again was a tenth of an attestation's CPU. Policies are immutable values,
     * so a changed policy is simply a new key; the map is emptied whenever it grows past its bound.
     */
    private final Map<String, Policy> parsedPolicies = new ConcurrentHashMap<>();
    private static final int PARSED_POLICIES_BOUND = 1024;

    private Policy readPolicy(String text) {
        Policy known = parsedPolicies.get(text);
        if (known != null) {
            return known;
        }
        Policy parsed = parsePolicy(text);
        if (parsedPolicies.size() >= PARSED_POLICIES_BOUND) {
            parsedPolicies.clear();
        }
        parsedPolicies.put(text, parsed);
        return parsed;
    }

    private Policy parsePolicy(String text) {
        try {
            org.datarecall.platform.http.Violations violations = new org.datarecall.platform.http.Violations();
            Policy policy = Policy.from(json.readValue(text, PolicyDocument.class), "", violations);
            if (policy == null) {
                throw new IllegalStateException("stored policy is invalid: " + violations.list());
            }
            return policy;
        } catch (JsonProcessingException e) {
            throw new DatabaseException("stored policy cannot be read", e);
        }
    }

    private void update(String sql, StatementSetter setter) {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            setter.set(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    @FunctionalInterface
    interface StatementSetter {
        void set(PreparedStatement ps) throws SQLException;
    }
}
