package org.datarecall.casework;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import java.io.InputStream;
import java.util.List;
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

    /** A developer as the JSON upload gives it (the API document's shape; the reader checks each field). */
    @Schema(name = "DeveloperRow", requiredProperties = { "developerId", "name", "email" })
    public record DeveloperRowDocument(String developerId, String name, String email, List<String> ccEmails,
            List<String> appIds, java.time.Instant lastAccessAt,
            @Schema(description = "BCP 47; en, de or fr is used, anything else falls back to English") String locale) {
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
            @QueryParam("async") @DefaultValue("false") boolean async,
            @RequestBody(required = true, description = "All or nothing: one bad row refuses the upload, every bad row "
                    + "named.", content = {
                            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING,
                                    description = "developerId,name,email,ccEmails,appIds,lastAccessAt[,locale]; "
                                            + "a comma, semicolon or tab separates the columns, ';' the entries of a list")),
                            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY,
                                    implementation = DeveloperRowDocument.class)) })
            InputStream body) {
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
