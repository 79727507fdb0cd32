package org.datarecall.access;

import java.io.InputStream;

import org.datarecall.campaign.CampaignService;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.platform.http.Roles;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The platform's own records of a campaign's apps arrive here: daily access figures and revocations. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class AccessResource {

    @Inject
    AccessRecordImport records;

    @Inject
    RevocationImport revocations;

    @Inject
    SecurityIdentity identity;

    /**
     * Per-app daily aggregates, CSV ({@code appId,day,calls,usersAffected}) or a JSON array, read as a
     * stream; all or nothing. Re-sending an (app, day) replaces it.
     */
    @POST
    @Path("{id}/access-records")
    @Consumes({ "text/csv", MediaType.APPLICATION_JSON })
    @RolesAllowed(Roles.MANAGER)
    public AccessRecordImport.Result importRecords(@PathParam("id") String id,
            @HeaderParam("Content-Type") String contentType, InputStream body) {
        UploadFormat format = MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE)
                ? UploadFormat.JSON
                : UploadFormat.CSV;
        return records.importRecords(CampaignService.campaignId(id), body, format, identity.getPrincipal().getName());
    }

    /** When and how each app's access was cut: a JSON array, all or nothing. */
    @POST
    @Path("{id}/revocations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    public RevocationImport.Result recordRevocations(@PathParam("id") String id, InputStream body) {
        return revocations.record(CampaignService.campaignId(id), body, identity.getPrincipal().getName());
    }
}
