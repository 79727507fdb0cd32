package org.datarecall.casework;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.datarecall.campaign.CampaignService;
import org.datarecall.casework.domain.FindingKind;
import java.util.Map;
import org.datarecall.evidence.CaseReport;
import org.datarecall.platform.http.Cursors;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.datarecall.platform.jdbc.SqlSelection;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

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

    @Inject
    CaseReport report;

    @Inject
    CampaignProgress progress;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("{id}/cases")
    public Page<CaseView> list(@PathParam("id") String id, @QueryParam("state") String state,
            @QueryParam("riskTier") String riskTier, @QueryParam("overdue") String overdue,
            @QueryParam("q") String q, @QueryParam("finding") String finding,
            @QueryParam("unreachable") String unreachable, @QueryParam("owner") String owner,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit) {
        UUID campaignId = campaigns.require(id).id();
        Violations v = new Violations();
        CaseFilter filter = filter(campaignId, state, riskTier, overdue, q, finding, unreachable, owner, v);
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

    /**
     * The case list as the campaign report's CSV (the same columns as {@code GET /campaigns/{id}/report.csv}),
     * with the list's filters: what a page shows is what its export holds. Streamed in chunks.
     */
    @GET
    @Path("{id}/cases.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") String id, @QueryParam("state") String state,
            @QueryParam("riskTier") String riskTier, @QueryParam("overdue") String overdue,
            @QueryParam("q") String q, @QueryParam("finding") String finding,
            @QueryParam("unreachable") String unreachable, @QueryParam("owner") String owner) {
        UUID campaignId = campaigns.require(id).id();
        Violations v = new Violations();
        CaseFilter filter = filter(campaignId, state, riskTier, overdue, q, finding, unreachable, owner, v);
        v.throwIfAny();
        SqlSelection only = CaseRepository.matching(filter, clock.instant());
        StreamingOutput body = out -> report.write(campaignId, only, out);
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"campaign-" + campaignId + "-cases.csv\"")
                .build();
    }

    /** The list's filters from its query parameters; problems go into {@code v}. */
    private CaseFilter filter(UUID campaignId, String state, String riskTier, String overdue, String q,
            String finding, String unreachable, String owner, Violations v) {
        // The flags' problems follow the others, in the order the list's parameters are named.
        Violations flags = new Violations();
        CaseFilter filter = new CaseFilterRequest(state, riskTier, bool("overdue", overdue, flags), q, finding,
                bool("unreachable", unreachable, flags), owner)
                .toFilter(campaignId, "", identity.getPrincipal().getName(), v);
        flags.list().forEach(problem -> v.add(problem.field(), problem.message()));
        return filter;
    }

    /**
     * How the campaign went, from its cases' events: cases per state per UTC day, the funnel, attestations
     * per day and the time to attest (median, 90th percentile). Reads every event of the campaign.
     */
    @GET
    @Path("{id}/progress")
    public CampaignProgress.Progress progress(@PathParam("id") String id) {
        return progress.of(campaigns.require(id).id());
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

    /** An owner filter: {@code me} (the one asking), a staff member's name, or {@code -} for nobody's cases. */
    static String owner(String value, String field, String me, Violations v) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String owner = value.strip();
        if (owner.length() > ActionRequest.MAX_OWNER) {
            v.add(field, "must be at most " + ActionRequest.MAX_OWNER + " characters");
            return null;
        }
        return "me".equals(owner) ? me : owner;
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
