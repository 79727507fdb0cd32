package org.datarecall.webhook;

import java.util.List;

import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The webhook deliveries, newest first, by status: what operators look at when a receiver stays silent. */
@Path("/api/v1/webhook-deliveries")
@RolesAllowed(Roles.MANAGER)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveriesResource {

    static final int MAX_LIMIT = 500;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(WebhookDeliveriesResource.class);

    @Inject
    WebhookOutbox outbox;

    @Inject
    Subscriptions subscriptions;

    @Inject
    java.time.Clock clock;

    public record Requeued(int requeued) {
    }

    public record Page(List<WebhookOutbox.Delivery> items) {
    }

    @GET
    public Page list(@QueryParam("status") @DefaultValue("FAILED") String status,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        Violations v = new Violations();
        if (!List.of("QUEUED", "SENT", "FAILED").contains(status)) {
            v.add("status", "must be one of QUEUED, SENT, FAILED");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            v.add("limit", "must be between 1 and " + MAX_LIMIT);
        }
        v.throwIfAny();
        return new Page(outbox.list(status, limit));
    }

    /**
     * After a receiver's outage: its FAILED deliveries (of {@code subscription}, or of every subscription)
     * back in the queue, sent again at the next poll with their attempts counted afresh.
     */
    @POST
    @Path("retry-failed")
    public Requeued retryFailed(@QueryParam("subscription") String subscription) {
        if (subscription != null && !subscriptions.all().containsKey(subscription)) {
            throw Violations.single("subscription", "is not a configured webhook subscription");
        }
        int requeued = outbox.requeueFailed(subscription, org.datarecall.platform.jdbc.Times.stored(clock.instant()));
        LOG.infof(
                "%d FAILED webhook delivery(ies)%s put back in the queue", requeued,
                subscription == null ? "" : " of " + subscription);
        return new Requeued(requeued);
    }
}
