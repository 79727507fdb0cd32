package org.datarecall.casework;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.datarecall.campaign.CampaignService;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.FindingKind;
import org.datarecall.casework.domain.RiskTier;
import java.util.Map;
import org.datarecall.platform.http.Cursors;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A campaign's cases: the filtered list and the summary. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class CampaignCasesResource {

    static final int MAX_QUERY = 200;

    @Inject
    CampaignService campaigns;

    @Inject
    CaseRepository cases;

    @Inject
    CampaignSummaryQuery summaries;

    @Inject
    AccessFactsQuery access;

    @Inject
    Clock clock;

    @GET
    @Path("{id}/cases")
    public Page<CaseView> list(@PathParam("id") String id, @QueryParam("state") String state,
            @QueryParam("riskTier") String riskTier, @QueryParam("overdue") String overdue,
            @QueryParam("q") String q, @QueryParam("finding") String finding,
            @QueryParam("unreachable") String unreachable, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        UUID campaignId = campaigns.require(id).id();
        Violations v = new Violations();
        CaseFilter filter = new CaseFilter(campaignId, v.choice(CaseState.class, "state", state, false),
                v.choice(RiskTier.class, "riskTier", riskTier, false), bool("overdue", overdue, v), query(q, "q", v),
                finding(finding, "finding", v), bool("unreachable", unreachable, v));
        if (limit < 1 || limit > 500) {
            v.add("limit", "must be between 1 and 500");
        }
        v.throwIfAny();
        Instant now = clock.instant();
        List<CaseRecord> rows = cases.list(filter, Cursors.decode(cursor), limit + 1, now);
        boolean more = rows.size() > limit;
        List<CaseRecord> items = more ? rows.subList(0, limit) : rows;
        Map<UUID, AccessFacts> facts = access.of(items.stream().map(CaseRecord::id).toList());
        return new Page<>(items.stream().map(c -> CaseView.of(c, facts.getOrDefault(c.id(), AccessFacts.NONE), now))
                .toList(),
                more ? Cursors.encode(items.getLast().developer().developerId()) : null);
    }

    @GET
    @Path("{id}/summary")
    public CampaignSummary summary(@PathParam("id") String id) {
        return summaries.summarize(campaigns.require(id).id(), clock.instant());
    }


    private static Boolean bool(String field, String value, Violations v) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                v.add(field, "must be true or false");
                yield null;
            }
        };
    }

    /** A kind of finding, or ANY. */
    static String finding(String value, String field, Violations v) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (CaseFilter.ANY_FINDING.equalsIgnoreCase(value.strip())) {
            return CaseFilter.ANY_FINDING;
        }
        FindingKind kind = v.choice(FindingKind.class, field, value, false);
        return kind == null ? null : kind.name();
    }

    static String query(String q, String field, Violations v) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_QUERY) {
            v.add(field, "must be at most " + MAX_QUERY + " characters");
            return null;
        }
        return q.strip();
    }
}
