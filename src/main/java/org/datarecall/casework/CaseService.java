package org.datarecall.casework;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.evidence.EventLog;
import org.datarecall.evidence.StoredEvent;
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
    StaffCommandPlanner staffPlanner;

    @Inject
    TransitionStore store;

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
        store.store(List.of(staffPlanner.plan(campaign, current, command, actor, Times.stored(clock.instant()))));
        return cases.find(caseId).orElseThrow();
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
