package org.datarecall.pack;

import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseService;
import org.datarecall.platform.http.Roles;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** The evidence pack of one case (with its certificate and inclusion proof), for any staff role. */
@Path("/api/v1/cases/{id}/evidence-pack")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class CaseEvidencePackResource {

    @Inject
    CaseService cases;

    @Inject
    EvidencePack pack;

    @GET
    @Produces(EvidencePackResource.ZIP)
    public Response oneCase(@PathParam("id") String id) {
        CaseRecord c = cases.require(id);
        return EvidencePackResource.zip(pack, new EvidencePack.Scope(c.campaignId(), c.id(), true), "case-" + c.id());
    }
}
