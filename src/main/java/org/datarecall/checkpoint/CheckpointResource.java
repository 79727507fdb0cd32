package org.datarecall.checkpoint;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.CampaignService;
import org.datarecall.evidence.CheckpointStore;
import org.datarecall.evidence.CheckpointView;
import org.datarecall.platform.http.Roles;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A campaign's signed checkpoints: listed for any staff, taken on demand by a manager. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CheckpointResource {

    /** The list as the API answers it, newest first. */
    public record CheckpointList(List<CheckpointView> items) {
    }

    @Inject
    CampaignService campaigns;

    @Inject
    CheckpointService checkpoints;

    @Inject
    CheckpointStore store;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("{id}/checkpoints")
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public CheckpointList list(@PathParam("id") String id) {
        UUID campaignId = campaigns.require(id).id();
        return new CheckpointList(store.list(campaignId).stream().map(CheckpointView::of).toList());
    }

    @POST
    @Path("{id}/checkpoints")
    @RolesAllowed(Roles.MANAGER)
    public RestResponse<CheckpointView> take(@PathParam("id") String id) {
        UUID campaignId = campaigns.require(id).id();
        CheckpointView taken = CheckpointView.of(checkpoints.take(campaignId, identity.getPrincipal().getName(), null)
                .orElseThrow());
        return RestResponse.ResponseBuilder.<CheckpointView> created(
                URI.create("/api/v1/campaigns/" + campaignId + "/checkpoints")).entity(taken).build();
    }
}
