package org.datarecall.casework;

import java.net.URI;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.campaign.CampaignView;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /campaigns/{id}/follow-up}: a DRAFT with the same policy and the developers matching a filter. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class FollowUpResource {

    /** The body; a blank title gets the source's, marked as its follow-up. */
    public record FollowUpRequest(String title, CaseFilterRequest filter) {
    }

    @Inject
    CampaignService campaigns;

    @Inject
    FollowUp followUp;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("{id}/follow-up")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    public RestResponse<CampaignView> create(@PathParam("id") String id, FollowUpRequest request) {
        Campaign source = campaigns.require(id);
        CaseFilterRequest f = request == null || request.filter() == null ? CaseFilterRequest.ANY : request.filter();
        Violations v = new Violations();
        CaseFilter filter = f.toFilter(source.id(), "filter", identity.getPrincipal().getName(), v);
        v.throwIfAny();
        Campaign created = followUp.create(source, filter, request == null ? null : request.title(),
                identity.getPrincipal().getName());
        return RestResponse.ResponseBuilder.<CampaignView> created(URI.create("/api/v1/campaigns/" + created.id()))
                .entity(CampaignView.of(created)).build();
    }
}
