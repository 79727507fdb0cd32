package org.datarecall.casework;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.job.Job;
import org.datarecall.job.JobView;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /campaigns/{id}/bulk-actions}: one action over the cases a filter matches, as a job
 * ({@code 202}, {@code Location: /api/v1/jobs/{id}}); {@code .../preview}: how many cases it would touch,
 * before anything changes.
 */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR })
public class BulkActionResource {

    /** The body: the action's path name, the body it takes as a single action, and the filter. */
    public record BulkActionRequest(String action, JsonNode body, CaseFilterRequest filter) {
    }

    @Inject
    CampaignService campaigns;

    @Inject
    BulkActions bulk;

    @Inject
    SecurityIdentity identity;

    @Inject
    ObjectMapper json;

    @Inject
    java.time.Clock clock;

    @POST
    @Path("{id}/bulk-actions")
    public RestResponse<JobView> start(@PathParam("id") String id, BulkActionRequest request) {
        Campaign campaign = campaigns.require(id);
        Checked checked = check(campaign, request);
        Job job = bulk.start(campaign, checked.action(), request.body(), checked.filterRequest(), checked.filter(),
                identity.getPrincipal().getName(), checked.now());
        return RestResponse.ResponseBuilder.<JobView> create(RestResponse.Status.ACCEPTED)
                .location(URI.create("/api/v1/jobs/" + job.id())).entity(JobView.of(job)).build();
    }

    @POST
    @Path("{id}/bulk-actions/preview")
    public BulkActions.Preview preview(@PathParam("id") String id, BulkActionRequest request) {
        Campaign campaign = campaigns.require(id);
        Checked checked = check(campaign, request);
        return bulk.preview(checked.filter(), checked.action(), checked.now());
    }

    private record Checked(CaseAction action, CaseFilterRequest filterRequest, CaseFilter filter, Instant now) {
    }

    /** The action (400 unknown), the role it needs (403), its body and the filter (400), in that order. */
    private Checked check(Campaign campaign, BulkActionRequest request) {
        if (request == null) {
            throw Violations.single("action", "is required");
        }
        if (request.action() == null || request.action().isBlank()) {
            throw Violations.single("action", "is required");
        }
        CaseAction action = CaseAction.fromPathName(request.action().strip())
                .filter(BulkActions.bulkActions()::contains)
                .orElseThrow(() -> Violations.single("action", "must be one of " + BulkActions.bulkActions().stream()
                        .map(CaseAction::pathName).toList()));
        Set<String> roles = ActionRequest.rolesFor(action);
        if (roles.stream().noneMatch(identity::hasRole)) {
            throw new ForbiddenException();
        }
        Instant now = clock.instant();
        try {
            ActionRequest.parse(action, request.body(), json, now);
        } catch (JsonProcessingException e) {
            throw Violations.single("body", "does not fit the action " + action.pathName() + ": "
                    + e.getOriginalMessage());
        }
        CaseFilterRequest filterRequest = request.filter() == null ? CaseFilterRequest.ANY : request.filter();
        Violations v = new Violations();
        CaseFilter filter = filterRequest.toFilter(campaign.id(), "filter", identity.getPrincipal().getName(), v);
        v.throwIfAny();
        return new Checked(action, filterRequest, filter, now);
    }
}
