package org.datarecall.evidence;

import java.util.UUID;

import org.datarecall.campaign.CampaignService;
import org.datarecall.platform.http.Roles;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** What a regulator asks for: the integrity of every case history, and the report of every case. */
@Path("/api/v1/campaigns")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class EvidenceResource {

    @Inject
    CampaignService campaigns;

    @Inject
    IntegrityCheck integrity;

    @Inject
    CaseReport report;

    @GET
    @Path("{id}/integrity")
    @Produces(MediaType.APPLICATION_JSON)
    public IntegrityReport integrity(@PathParam("id") String id) {
        return integrity.check(campaigns.require(id).id());
    }

    @GET
    @Path("{id}/report.csv")
    @Produces("text/csv")
    public Response report(@PathParam("id") String id) {
        UUID campaignId = campaigns.require(id).id();
        StreamingOutput body = out -> report.write(campaignId, out);
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"campaign-" + campaignId + "-report.csv\"")
                .build();
    }
}
