package org.datarecall.casework;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.evidence.EventLog;
import org.datarecall.evidence.StoredEvent;
import org.datarecall.notice.MailComposer;
import org.datarecall.notice.NoticeDraft;
import org.datarecall.notice.Outbox;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.Cursors;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Violations;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Times;

import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Reads cases and applies staff actions to them through the state machine. */
@ApplicationScoped
@Transactional
public class CaseService {

    @Inject
    CaseRepository cases;

    @Inject
    CampaignRepository campaigns;

    @Inject
    EventLog events;

    @Inject
    TransitionPlanner planner;

    @Inject
    TransitionStore store;

    @Inject
    Outbox outbox;

    @Inject
    MailComposer mail;

    @Inject
    Clock clock;

    /** Who is acting, and with which roles. */
    public record Actor(String name, Set<String> roles) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CaseRecord> find(UUID id) {
        return cases.find(id);
    }

    /** The case a path names; an unknown id and one that is not a UUID are both {@link CaseNotFound}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public CaseRecord require(String pathId) {
        return cases.find(caseId(pathId)).orElseThrow(() -> new CaseNotFound(pathId));
    }

    /** A path id as a case id, without reading the case. */
    public static UUID caseId(String pathId) {
        return Ids.parseOr(pathId, CaseNotFound::new);
    }

    /**
     * Applies one staff action. Order of checks: role (403), the case (404), the expected version (412),
     * the campaign (409 when closed), then the state machine (409 with the allowed actions).
     */
    public CaseRecord act(UUID caseId, CaseAction action, CaseCommand command, Long expectedVersion, Actor actor) {
        if (ActionRequest.rolesFor(action).stream().noneMatch(actor.roles()::contains)) {
            throw new ForbiddenException();
        }
        return apply(caseId, command, expectedVersion, actor.name());
    }

    /**
     * Applies a command that does not come from staff (the sweep, the developer's attestation), through
     * the same checks and the same state machine.
     */
    public CaseRecord apply(UUID caseId, CaseCommand command, Long expectedVersion, String actor) {
        CaseRecord current = cases.lock(caseId).orElseThrow(() -> new CaseNotFound(caseId));
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new StaleVersion(current.version(), expectedVersion);
        }
        Campaign campaign = campaigns.find(current.campaignId()).orElseThrow();
        if (campaign.status() == CampaignStatus.CLOSED) {
            throw new DomainError.Refused("the campaign is CLOSED; its cases no longer change");
        }
        if (command instanceof CaseCommand.UpdateContact u) {
            command = u = u.keepingCc(current.developer().ccEmails());
            if (u.email().equalsIgnoreCase(current.developer().email())
                    && u.ccEmails().equals(current.developer().ccEmails())) {
                throw new DomainError.Refused("the case already has these addresses; nothing would change");
            }
        }
        Instant now = Times.stored(clock.instant());
        return switch (planner.plan(campaign, current, command, actor, now)) {
            case TransitionPlanner.Refused refused -> throw new TransitionRefused(refused.rejection());
            case TransitionPlanner.Planned planned -> {
                PlannedTransition plan = planned.plan();
                if (command instanceof CaseCommand.ResendNotice) {
                    plan = withResentCopy(plan, current, current.developer().email(), current.developer().ccEmails(),
                            now).orElseThrow(() -> new DomainError.Refused("the developer has not been sent any mail yet"));
                } else if (command instanceof CaseCommand.UpdateContact u && !outbox.latestDeveloperNoticeQueued(caseId)) {
                    // Before the first notice there is nothing to send again: the first mail goes to the new
                    // address. Nor when the latest mail is still waiting: it is moved to the new address.
                    plan = withResentCopy(plan, current, u.email(), u.ccEmails(), now).orElse(plan);
                }
                store.store(List.of(plan));
                yield cases.find(caseId).orElseThrow();
            }
        };
    }

    /**
     * The latest mail the developer got, again, to the given addresses: same words, the case's current
     * link when the mail had one (an extension may have replaced it), a new notice of its own. Empty
     * when the developer has had no mail yet.
     */
    private Optional<PlannedTransition> withResentCopy(PlannedTransition plan, CaseRecord c, String to,
            List<String> cc, Instant now) {
        return outbox.latestDeveloperNotice(c.id()).map(latest -> {
            UUID id = Ids.newId(now);
            NoticeDraft copy = new NoticeDraft(id, latest.campaignId(), c.id(), latest.kind(), latest.round(), null,
                    List.of(to), cc, latest.subject(), latest.bodyText(), latest.bodyHtml(),
                    latest.linkTokenId() == null ? null : c.timers().linkTokenId(), mail.messageId(id), now);
            return new PlannedTransition(plan.transition(), List.of(copy), plan.newLink());
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<StoredEvent> history(CaseRecord c, String cursor, int limit) {
        String key = Cursors.decode(cursor);
        int after = 0;
        if (key != null) {
            try {
                after = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                throw Violations.single("cursor", "is not a cursor returned by this list");
            }
        }
        List<StoredEvent> rows = events.history(c.campaignId(), c.id(), after, limit + 1);
        boolean more = rows.size() > limit;
        List<StoredEvent> items = more ? rows.subList(0, limit) : rows;
        return new Page<>(items, more ? Cursors.encode(Integer.toString(items.getLast().seq())) : null);
    }
}
