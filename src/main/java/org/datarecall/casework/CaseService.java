package org.datarecall.casework;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.casework.domain.Decision;
import org.datarecall.evidence.EventLog;
import org.datarecall.notice.MailComposer;
import org.datarecall.notice.NoticeDraft;
import org.datarecall.notice.Outbox;
import org.datarecall.platform.Ids;
import org.datarecall.evidence.StoredEvent;
import org.datarecall.platform.Cursors;
import org.datarecall.platform.Page;
import org.datarecall.platform.ProblemException;
import org.datarecall.platform.Times;
import org.datarecall.platform.Violations;

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
        CaseRecord current = cases.lock(caseId).orElseThrow(() -> ProblemException.notFound("case " + caseId));
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new ProblemException(412, "stale-version", "Precondition failed",
                    "the case is at version " + current.version() + ", not " + expectedVersion
                            + "; read it again before acting",
                    Map.of("currentVersion", current.version()));
        }
        Campaign campaign = campaigns.find(current.campaignId()).orElseThrow();
        if (campaign.status() == CampaignStatus.CLOSED) {
            throw ProblemException.conflict("the campaign is CLOSED; its cases no longer change");
        }
        Instant now = Times.stored(clock.instant());
        TransitionPlanner.Outcome outcome;
        try {
            outcome = planner.plan(campaign, current, command, actor, now);
        } catch (IllegalArgumentException e) {
            throw Violations.single("body", e.getMessage());
        }
        return switch (outcome) {
            case TransitionPlanner.Refused refused -> throw refused(refused.rejection());
            case TransitionPlanner.Planned planned -> {
                PlannedTransition plan = planned.plan();
                if (command instanceof CaseCommand.ResendNotice) {
                    plan = withResentCopy(plan, current, now);
                }
                store.store(List.of(plan));
                yield cases.find(caseId).orElseThrow();
            }
        };
    }

    /**
     * The latest mail the developer got, again, to the case's current contacts: same words, same link
     * (still the round's), a new notice of its own.
     */
    private PlannedTransition withResentCopy(PlannedTransition plan, CaseRecord c, Instant now) {
        NoticeDraft latest = outbox.latestDeveloperNotice(c.id())
                .orElseThrow(() -> ProblemException.conflict("the developer has not been sent any mail yet"));
        UUID id = Ids.newId(now);
        NoticeDraft copy = new NoticeDraft(id, latest.campaignId(), c.id(), latest.kind(), latest.round(), null,
                List.of(c.developer().email()), c.developer().ccEmails(), latest.subject(), latest.bodyText(),
                latest.bodyHtml(), latest.linkTokenId(), mail.messageId(id), now);
        return new PlannedTransition(plan.transition(), List.of(copy), plan.newLink());
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

    static ProblemException refused(Decision.Rejected rejected) {
        return new ProblemException(409, "action-refused", "Action not allowed", rejected.reason(),
                Map.of("currentState", rejected.currentState().name(),
                        "allowedActions", rejected.allowedActions().stream().map(CaseAction::pathName).toList()));
    }
}
