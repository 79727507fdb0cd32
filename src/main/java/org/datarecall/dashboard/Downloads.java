package org.datarecall.dashboard;

import org.datarecall.casework.DeveloperImportResource;
import org.datarecall.checkpoint.CheckpointResource;
import org.datarecall.evidence.EvidenceResource;
import org.datarecall.pack.CaseEvidencePackResource;
import org.datarecall.pack.EvidencePackResource;
import org.datarecall.platform.http.Roles;
import org.datarecall.portal.CaseEvidenceResource;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What the staff pages offer to download, under {@code /dashboard} where the sign-in session serves:
 * the API under {@code /api/v1} does not take the session cookie (see
 * {@link org.datarecall.platform.http.NoSessionOnTheApi}). Each answer is the API's own, with its
 * roles checked as there.
 */
@Path("/dashboard/downloads")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class Downloads {

    @Inject
    EvidenceResource reports;

    @Inject
    EvidencePackResource campaignPacks;

    @Inject
    CaseEvidencePackResource casePacks;

    @Inject
    CheckpointResource checkpoints;

    @Inject
    CaseEvidenceResource files;

    @Inject
    DeveloperImportResource developerImport;

    @GET
    @Path("developers-template.csv")
    @Produces("text/csv; charset=UTF-8")
    public Response developersTemplate() {
        return developerImport.template();
    }

    @GET
    @Path("campaigns/{id}/report.csv")
    @Produces("text/csv")
    public Response report(@PathParam("id") String id) {
        return reports.report(id);
    }

    @GET
    @Path("campaigns/{id}/evidence-pack")
    @Produces("application/zip")
    public Response campaignPack(@PathParam("id") String id,
            @QueryParam("certificates") @DefaultValue("true") boolean certificates) {
        return campaignPacks.campaign(id, certificates);
    }

    @GET
    @Path("campaigns/{id}/checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    public CheckpointResource.CheckpointList checkpoints(@PathParam("id") String id) {
        return checkpoints.list(id);
    }

    @GET
    @Path("cases/{id}/evidence-pack")
    @Produces("application/zip")
    public Response casePack(@PathParam("id") String id) {
        return casePacks.oneCase(id);
    }

    @GET
    @Path("cases/{id}/evidence/{evidenceId}")
    public Response file(@PathParam("id") String id, @PathParam("evidenceId") String evidenceId) {
        return files.download(id, evidenceId);
    }
}
