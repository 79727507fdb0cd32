package org.datarecall.access;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import java.io.InputStream;
import java.util.UUID;

import org.datarecall.campaign.CampaignService;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.casework.domain.FindingKind;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
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
    FindingQueries findings;

    @Inject
    CampaignService campaigns;

    @Inject
    SecurityIdentity identity;

    /** The campaign's findings in developer-id order, of one kind or all; {@code limit} up to 500. */
    @GET
    @Path("{id}/findings")
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public Page<FindingView> findings(@PathParam("id") String id, @QueryParam("kind") String kind,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit) {
        UUID campaignId = campaigns.require(id).id();
        Violations v = new Violations();
        FindingKind chosen = v.choice(FindingKind.class, "kind", kind, false);
        if (limit < 1 || limit > 500) {
            v.add("limit", "must be between 1 and 500");
        }
        v.throwIfAny();
        return findings.list(campaignId, chosen == null ? null : chosen.name(), cursor, limit);
    }

    /** One row of the access records' JSON upload (the API document's shape; the reader checks each field). */
    @Schema(name = "AccessRecordRow", requiredProperties = { "appId", "day", "calls", "usersAffected" })
    public record AccessRecordDocument(String appId, java.time.LocalDate day, long calls, long usersAffected) {
    }

    /** One revocation as uploaded (the API document's shape). */
    @Schema(name = "RevocationRow", requiredProperties = { "appId", "revokedAt" })
    public record RevocationDocument(String appId, java.time.Instant revokedAt, String mechanism,
            java.time.Instant probeAt, @Schema(enumeration = { "NO_ACCESS", "ACCESS" }) String probeResult,
            String note) {
    }

    /**
     * Per-app daily aggregates, CSV ({@code appId,day,calls,usersAffected}) or a JSON array, read as a
     * stream; all or nothing. Re-sending an (app, day) replaces it.
     */
    @POST
    @Path("{id}/access-records")
    @Consumes({ "text/csv", MediaType.APPLICATION_JSON })
    @RolesAllowed(Roles.MANAGER)
    public AccessRecordImport.Result importRecords(@PathParam("id") String id,
            @HeaderParam("Content-Type") String contentType,
            @RequestBody(required = true, content = {
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING,
                            description = "appId,day,calls,usersAffected")),
                    @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY,
                            implementation = AccessRecordDocument.class)) })
            InputStream body) {
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
    public RevocationImport.Result recordRevocations(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(
                    type = SchemaType.ARRAY, implementation = RevocationDocument.class)))
            InputStream body) {
        return revocations.record(CampaignService.campaignId(id), body, identity.getPrincipal().getName());
    }
}
