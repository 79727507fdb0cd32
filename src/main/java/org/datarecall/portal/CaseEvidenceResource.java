package org.datarecall.portal;

import java.util.UUID;

import org.datarecall.casework.CaseService;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.jdbc.Ids;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * Staff download an evidence file of a case, streamed one stored chunk at a time. Always as an
 * attachment with its stored type and {@code nosniff}: a file a developer sent is never rendered
 * by the browser inside the service's origin.
 */
@Path("/api/v1/cases/{id}/evidence/{evidenceId}")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class CaseEvidenceResource {

    @Inject
    CaseService caseService;

    @Inject
    EvidenceStore evidence;

    @GET
    public Response download(@PathParam("id") String id, @PathParam("evidenceId") String evidenceId) {
        UUID caseId = caseService.require(id).id();
        UUID fileId = Ids.parseOr(evidenceId, text -> ProblemException.notFound("evidence file " + text));
        EvidenceFile file = evidence.find(caseId, fileId)
                .orElseThrow(() -> ProblemException.notFound("evidence file " + evidenceId));
        StreamingOutput body = out -> evidence.copy(file, out);
        return Response.ok(body, file.contentType())
                .header("Content-Length", file.size())
                .header("Content-Disposition", EvidenceName.contentDisposition(file.filename()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, no-store")
                .header("Content-Security-Policy", "sandbox")
                .build();
    }
}
