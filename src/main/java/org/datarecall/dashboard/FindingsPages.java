package org.datarecall.dashboard;

import org.datarecall.access.FindingQueries;
import org.datarecall.access.FindingView;
import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.casework.domain.FindingKind;
import org.datarecall.platform.http.Page;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A campaign's findings view: what the platform's records proved against which developer. Served
 * under the dashboard's own path (one resource class owns {@code /dashboard/campaigns/...}).
 */
@ApplicationScoped
public class FindingsPages {

    static final int PAGE_SIZE = 100;

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance findings(Staff staff, Campaign campaign, Page<FindingView> page, String kind,
                String nextLink);
    }

    @Inject
    CampaignService campaigns;

    @Inject
    FindingQueries findings;

    RestResponse<String> render(DashboardPages pages, Staff staff, String id, String kind, String cursor) {
        Campaign campaign = campaigns.require(id);
        String chosen = kind != null && java.util.Arrays.stream(FindingKind.values()).anyMatch(k -> k.name().equals(kind))
                ? kind
                : null;
        Page<FindingView> page = findings.list(campaign.id(), chosen, cursor, PAGE_SIZE);
        String next = page.nextCursor() == null ? null
                : "/dashboard/campaigns/" + campaign.id() + "/findings?kind=" + (chosen == null ? "" : chosen)
                        + "&cursor=" + java.net.URLEncoder.encode(page.nextCursor(), java.nio.charset.StandardCharsets.UTF_8);
        return pages.page(staff, Templates.findings(staff, campaign, page, chosen, next).render(), 200);
    }
}
