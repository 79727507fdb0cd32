package org.datarecall.casework;

import java.io.InputStream;
import java.net.URI;

import org.datarecall.campaign.CampaignService;
import org.datarecall.campaign.CsvDeveloperReader;
import org.datarecall.campaign.ImportResult;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.job.Job;
import org.datarecall.job.JobView;
import org.datarecall.platform.http.Roles;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The affected developers of a campaign arrive here, each becoming (or updating) a case. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class DeveloperImportResource {

    @Inject
    DeveloperImport developerImport;

    @Inject
    SecurityIdentity identity;

    @Inject
    AsyncImports asyncImports;

    @Inject
    CampaignService campaigns;

    /** A CSV file to fill in: the header and two example rows (any staff role). */
    @GET
    @Path("developers-template.csv")
    @Produces("text/csv; charset=UTF-8")
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public Response template() {
        return Response.ok(CsvDeveloperReader.template())
                .header("Content-Disposition", "attachment; filename=\"developers-template.csv\"").build();
    }

    /**
     * Imports developers, CSV ({@code text/csv}) or a JSON array ({@code application/json}), read as a
     * stream: the body is never held whole in memory. With {@code ?async=true} the upload is stored and
     * the answer is {@code 202} with the job that imports it ({@link ImportJob}).
     */
    @POST
    @Path("{id}/developers")
    @Consumes({ "text/csv", MediaType.APPLICATION_JSON })
    @RolesAllowed(Roles.MANAGER)
    public Response importDevelopers(@PathParam("id") String id, @HeaderParam("Content-Type") String contentType,
            @QueryParam("async") @DefaultValue("false") boolean async, InputStream body) {
        UploadFormat format = MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE)
                ? UploadFormat.JSON
                : UploadFormat.CSV;
        if (async) {
            Job job = asyncImports.accept(campaigns.require(id), body, format, identity.getPrincipal().getName());
            return Response.accepted(JobView.of(job)).location(URI.create("/api/v1/jobs/" + job.id())).build();
        }
        ImportResult result = developerImport.importDevelopers(CampaignService.campaignId(id), body, format,
                identity.getPrincipal().getName());
        return Response.ok(result).build();
    }
}
