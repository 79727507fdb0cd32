package org.datarecall.casework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.casework.domain.CaseEvent;
import org.datarecall.link.DeveloperLinks;
import org.datarecall.link.LinkStore;
import org.datarecall.notice.NoticeDraft;
import org.datarecall.notice.Outbox;
import org.datarecall.casework.domain.EnforcementMeasure;
import org.datarecall.webhook.EnforcementCall;
import org.datarecall.webhook.WebhookEvent;
import org.datarecall.webhook.WebhookOutbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stores planned transitions in the caller's transaction: events and cases, new links (mail still
 * waiting takes the link that replaced its own), then the mails.
 */
@ApplicationScoped
public class TransitionStore {

    @Inject
    CaseWriter cases;

    @Inject
    LinkStore links;

    @Inject
    Outbox outbox;

    @Inject
    WebhookOutbox webhooks;

    /** Answers each case's new version, in order. */
    public long[] store(List<PlannedTransition> planned) {
        List<CaseTransition> transitions = new ArrayList<>(planned.size());
        List<DeveloperLinks.Link> newLinks = new ArrayList<>();
        List<NoticeDraft> notices = new ArrayList<>();
        Map<UUID, UUID> replacing = new LinkedHashMap<>();
        for (PlannedTransition p : planned) {
            transitions.add(p.transition());
            if (p.newLink() != null) {
                newLinks.add(p.newLink());
                if (p.newLink().replacesEarlier()) {
                    replacing.put(p.newLink().caseId(), p.newLink().id());
                }
            }
            notices.addAll(p.notices());
        }
        long[] versions = cases.write(transitions);
        links.insert(newLinks);
        for (PlannedTransition p : planned) {
            if (p.transition().event() instanceof CaseEvent.Delegated d) {
                links.recordDelegation(p.transition().before().id(), d.delegatedRound(), p.newLink().id(), d.name(),
                        d.email(), d.reason(), p.transition().at());
            }
        }
        // Before the new mails go in: they carry the new link already.
        outbox.relink(replacing);
        outbox.insert(notices);
        if (webhooks.active()) {
            webhooks.enqueue(webhookEvents(transitions));
        }
        if (webhooks.enforcing()) {
            webhooks.enqueueEnforcement(enforcementCalls(transitions));
        }
        return versions;
    }

    /** The platform's enforcement calls these transitions ask for: APP_SUSPENDED and ACCESS_TERMINATED. */
    private static List<EnforcementCall> enforcementCalls(List<CaseTransition> transitions) {
        List<EnforcementCall> calls = new ArrayList<>();
        for (CaseTransition t : transitions) {
            if (t.event() instanceof CaseEvent.Enforced e && (e.measure() == EnforcementMeasure.APP_SUSPENDED
                    || e.measure() == EnforcementMeasure.ACCESS_TERMINATED)) {
                CaseRecord c = t.before();
                calls.add(new EnforcementCall(c.campaignId(), c.id(), c.head().eventCount() + 1,
                        c.developer().developerId(), c.developer().appIds(), e.measure().name(), e.reason(), t.at()));
            }
        }
        return calls;
    }

    /** The events as webhooks tell them, with the place each took in its case's chain. */
    private static List<WebhookEvent> webhookEvents(List<CaseTransition> transitions) {
        List<WebhookEvent> events = new ArrayList<>(transitions.size());
        for (CaseTransition t : transitions) {
            CaseEvent e = t.event();
            events.add(new WebhookEvent(t.before().campaignId(), t.before().id(), t.before().head().eventCount() + 1,
                    e.type().name(), e.fromState() == null ? null : e.fromState().name(), e.toState().name(), t.actor(),
                    t.at(), EventData.json(e)));
        }
        return events;
    }
}
