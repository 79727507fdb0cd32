package org.datarecall.pack;

import java.util.UUID;

import org.datarecall.campaign.CampaignService;
import org.datarecall.platform.http.Roles;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** The evidence pack of a campaign, for any staff role. */
@Path("/api/v1/campaigns/{id}/evidence-pack")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class EvidencePackResource {

    static final String ZIP = "application/zip";

    @Inject
    CampaignService campaigns;

    @Inject
    EvidencePack pack;

    /** {@code certificates=false} leaves the PDF certificates out (they are most of a large pack's time). */
    @GET
    @Produces(ZIP)
    public Response campaign(@PathParam("id") String id,
            @QueryParam("certificates") @DefaultValue("true") boolean certificates) {
        UUID campaignId = campaigns.require(id).id();
        return zip(pack, new EvidencePack.Scope(campaignId, null, certificates), "campaign-" + campaignId);
    }

    static Response zip(EvidencePack pack, EvidencePack.Scope scope, String name) {
        StreamingOutput body = out -> pack.write(scope, out);
        return Response.ok(body, ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + name + "-evidence-pack.zip\"")
                .build();
    }
}
