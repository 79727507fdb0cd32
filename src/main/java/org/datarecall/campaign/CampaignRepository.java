package org.datarecall.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;
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
    Jdbc jdbc;

    @Inject
    ObjectMapper json;

    public void insert(Campaign c) {
        String sql = "INSERT INTO dr_campaign (id, title, description, data_categories, detected_at, exposure_start, "
                + "exposure_end, policy, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";
        jdbc.update(sql, c.id(), c.title(), c.description(), c.dataCategories().toArray(String[]::new), c.detectedAt(),
                c.exposureStart(), c.exposureEnd(), policyJson(c.policy()), c.status().name(), c.createdBy(),
                c.createdAt());
    }

    public Optional<Campaign> find(UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_campaign WHERE id = ?", this::map, id);
    }

    /** Reads a campaign and locks its row until the transaction ends: status changes and imports queue here. */
    public Optional<Campaign> lock(UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_campaign WHERE id = ? FOR UPDATE", this::map, id);
    }

    /**
     * Locks a campaign that still takes uploads ({@code what}, e.g. "developers") for the transaction:
     * an unknown one is {@link CampaignNotFound}, a CLOSED one a refusal.
     */
    public Campaign lockForUpload(UUID id, String what) {
        Campaign campaign = lock(id).orElseThrow(() -> new CampaignNotFound(id));
        if (campaign.status() == CampaignStatus.CLOSED) {
            throw new org.datarecall.platform.error.DomainError.Refused(what + " cannot be added to a CLOSED campaign");
        }
        return campaign;
    }

    /** Newest first, keyset-paged on the time-ordered id. */
    public List<Campaign> list(UUID after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM dr_campaign" + (after == null ? "" : " WHERE id < ?")
                + " ORDER BY id DESC LIMIT ?";
        return after == null ? jdbc.list(sql, this::map, limit) : jdbc.list(sql, this::map, after, limit);
    }

    /** Every ACTIVE campaign: the sweep's scope for new and notified cases. */
    public List<Campaign> active() {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_campaign WHERE status = 'ACTIVE' ORDER BY id", this::map);
    }

    public void updatePolicy(UUID id, Policy policy) {
        jdbc.update("UPDATE dr_campaign SET policy = ?::jsonb WHERE id = ?", policyJson(policy), id);
    }

    public void markLaunched(UUID id, Instant at) {
        jdbc.update("UPDATE dr_campaign SET status = 'ACTIVE', launched_at = ? WHERE id = ?", at, id);
    }

    public void markClosed(UUID id, Instant at) {
        jdbc.update("UPDATE dr_campaign SET status = 'CLOSED', closed_at = ? WHERE id = ?", at, id);
    }


    /** How many cases of the campaign are not yet in a terminal state. */
    public long countOpenCases(UUID campaignId) {
        return jdbc.one("SELECT count(*) FROM dr_case WHERE campaign_id = ? "
                + "AND state NOT IN ('VERIFIED', 'ENFORCED', 'WITHDRAWN')", rs -> rs.getLong(1), campaignId)
                .orElseThrow();
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
}
