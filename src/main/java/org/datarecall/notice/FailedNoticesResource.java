package org.datarecall.notice;

import java.time.Clock;
import java.util.UUID;

import org.datarecall.campaign.CampaignService;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.jdbc.Times;
import org.jboss.logging.Logger;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * After an outage of the mail relay, a manager puts a campaign's FAILED mail back in the queue at once
 * ({@code POST /campaigns/{id}/notices/retry-failed}) instead of one {@code resend-notice} per case.
 */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class FailedNoticesResource {

    private static final Logger LOG = Logger.getLogger(FailedNoticesResource.class);

    /** How many mails went back in the queue. */
    public record Requeued(long requeued) {
    }

    @Inject
    CampaignService campaigns;

    @Inject
    Outbox outbox;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    @POST
    @Path("{id}/notices/retry-failed")
    @RolesAllowed(Roles.MANAGER)
    public Requeued retry(@PathParam("id") String id) {
        var campaign = campaigns.require(id);
        if (campaign.status() == org.datarecall.campaign.CampaignStatus.CLOSED) {
            throw new org.datarecall.platform.error.DomainError.Refused("the campaign is CLOSED; its mail is no longer sent");
        }
        UUID campaignId = campaign.id();
        int requeued = outbox.requeueFailed(campaignId, Times.stored(clock.instant()));
        LOG.infof("%s put %d FAILED mail(s) of campaign %s back in the queue", identity.getPrincipal().getName(),
                requeued, campaignId);
        return new Requeued(requeued);
    }
}
