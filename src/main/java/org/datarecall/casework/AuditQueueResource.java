package org.datarecall.casework;

import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /audit-queue}: every campaign's AUDIT_PENDING cases, longest waiting first; one owner's with {@code owner}. */
@Path("/api/v1/audit-queue")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class AuditQueueResource {

    @Inject
    AuditQueue queue;

    @Inject
    SecurityIdentity identity;

    /** {@code owner}: {@code me} (the caller's cases), a staff member's name, or {@code -} (nobody's). */
    @GET
    public Page<AuditQueue.Item> list(@QueryParam("owner") String owner, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw Violations.single("limit", "must be between 1 and 500");
        }
        Violations v = new Violations();
        String filter = CampaignCasesResource.owner(owner, "owner", identity.getPrincipal().getName(), v);
        v.throwIfAny();
        return queue.page(filter, cursor, limit);
    }
}
