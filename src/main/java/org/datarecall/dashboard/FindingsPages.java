package org.datarecall.dashboard;

import org.datarecall.access.FindingQueries;
import org.datarecall.access.FindingView;
import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.casework.domain.FindingKind;
import org.datarecall.platform.http.Page;

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

    /** The page's HTML; {@code kind}: one kind of finding, anything else shows every kind. */
    String render(Staff staff, String id, FindingKind kind, String cursor) {
        Campaign campaign = campaigns.require(id);
        String chosen = kind == null ? null : kind.name();
        Page<FindingView> page = findings.list(campaign.id(), chosen, cursor, PAGE_SIZE);
        String next = page.nextCursor() == null ? null
                : "/dashboard/campaigns/" + campaign.id() + "/findings?kind=" + (chosen == null ? "" : chosen)
                        + "&cursor=" + DashboardPages.enc(page.nextCursor());
        return Templates.findings(staff, campaign, page, chosen, next).render();
    }
}
