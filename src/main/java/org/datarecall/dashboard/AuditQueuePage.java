package org.datarecall.dashboard;

import org.datarecall.casework.AuditQueue;
import org.datarecall.casework.CaseFilter;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Roles;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;

/**
 * The auditors' queue as a page: every campaign's cases waiting for their audit, longest waiting first;
 * everyone's, the signed-in staff member's own, or those nobody has taken.
 */
@Path("/dashboard/audit-queue")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
@Produces(MediaType.TEXT_HTML)
public class AuditQueuePage {

    static final int PAGE_SIZE = 50;

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance auditQueue(Staff staff, Page<AuditQueue.Item> page, String nextLink, String owner);
    }

    @Inject
    AuditQueue queue;

    @Inject
    DashboardPages pages;

    @GET
    public RestResponse<String> queue(@CookieParam(Csrf.COOKIE) Cookie csrf, @QueryParam("cursor") String cursor,
            @QueryParam("owner") String owner) {
        Staff staff = pages.staff(csrf);
        // Three views: everyone's, mine, nobody's; anything else is everyone's.
        String shown = "me".equals(owner) || CaseFilter.NOBODY.equals(owner) ? owner : "";
        Page<AuditQueue.Item> page = queue.page(shown.isEmpty() ? null : "me".equals(shown) ? staff.name() : shown,
                cursor, PAGE_SIZE);
        String next = page.nextCursor() == null ? null
                : "/dashboard/audit-queue?owner=" + DashboardPages.enc(shown) + "&cursor="
                        + DashboardPages.enc(page.nextCursor());
        return pages.page(staff, Templates.auditQueue(staff, page, next, shown).render(), 200);
    }
}
