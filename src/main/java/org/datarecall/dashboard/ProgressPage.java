package org.datarecall.dashboard;

import org.datarecall.campaign.Campaign;
import org.datarecall.casework.CampaignProgress;
import org.datarecall.platform.http.Roles;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;

/** A campaign's progress charts: burn-down, funnel, attestations per day, time to attest. */
@Path("/dashboard/campaigns/{id}/progress")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
@Produces(MediaType.TEXT_HTML)
public class ProgressPage {

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance progress(Staff staff, Campaign campaign, ProgressCharts charts);
    }

    @Inject
    DashboardPages pages;

    @Inject
    CampaignProgress progress;

    @GET
    public RestResponse<String> show(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrf) {
        Staff staff = pages.staff(csrf);
        Campaign campaign = pages.campaignOf(id);
        ProgressCharts charts = ProgressCharts.of(progress.of(campaign.id()));
        return pages.page(staff, Templates.progress(staff, campaign, charts).render(), 200);
    }
}
