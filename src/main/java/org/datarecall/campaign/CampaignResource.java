package org.datarecall.campaign;

import java.net.URI;

import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    static final int MAX_PAGE = 500;

    @Inject
    CampaignService service;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    public RestResponse<CampaignView> create(CampaignRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a campaign body is required");
        }
        Campaign campaign = service.create(request, identity.getPrincipal().getName());
        return RestResponse.ResponseBuilder.<CampaignView> created(URI.create("/api/v1/campaigns/" + campaign.id()))
                .entity(CampaignView.of(campaign)).build();
    }

    @GET
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public Page<CampaignView> list(@QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw Violations.single("limit", "must be between 1 and " + MAX_PAGE);
        }
        Page<Campaign> page = service.list(cursor, limit);
        return new Page<>(page.items().stream().map(CampaignView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public CampaignView get(@PathParam("id") String id) {
        return CampaignView.of(service.require(id));
    }

    @PUT
    @Path("{id}/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    public CampaignView changePolicy(@PathParam("id") String id, PolicyDocument policy) {
        if (policy == null) {
            throw ProblemException.badRequest("a policy body is required");
        }
        return CampaignView.of(service.changePolicy(CampaignService.campaignId(id), policy));
    }

    @POST
    @Path("{id}/launch")
    @RolesAllowed(Roles.MANAGER)
    public CampaignView launch(@PathParam("id") String id) {
        return CampaignView.of(service.launch(CampaignService.campaignId(id)));
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed(Roles.MANAGER)
    public CampaignView close(@PathParam("id") String id) {
        return CampaignView.of(service.close(CampaignService.campaignId(id)));
    }
}
