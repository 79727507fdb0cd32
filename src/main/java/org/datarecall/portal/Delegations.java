package org.datarecall.portal;

import java.time.Instant;
import java.util.List;

import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.CaseService;
import org.datarecall.casework.TransitionRefused;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.link.LinkStore;
import org.datarecall.platform.http.EmailAddress;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Violations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * A developer's contact hands the current round to a named colleague ({@code POST /portal/delegate}):
 * a DELEGATED event naming both, a link of the delegate's own, a mail to each side; the contact's
 * link then only shows the case. One delegation per round: a new round goes to the contacts again.
 */
@ApplicationScoped
public class Delegations {

    static final int MAX_NAME = 200;
    static final int MAX_REASON = 2000;

    /** The body of {@code POST /portal/delegate}. */
    public record Request(String name, String email, String reason) {
    }

    /** The answer: whom the round went to, and when. */
    public record Delegated(int round, String name, String email, Instant delegatedAt) {
    }

    @Inject
    CaseRepository cases;

    @Inject
    CaseService caseService;

    @Inject
    LinkStore links;

    @Transactional
    public Delegated delegate(LinkStore.ValidLink link, Request request) {
        PortalAccess.requireWritable(link);
        Violations v = new Violations();
        String name = v.requireText("name", request.name(), MAX_NAME);
        String reason = v.requireText("reason", request.reason(), MAX_REASON);
        String email = request.email() == null ? "" : request.email().strip();
        if (!EmailAddress.isValid(email)) {
            v.add("email", email.isEmpty() ? "is required" : "is not a valid email address");
        }
        v.throwIfAny();
        // Locked first: a second delegation of the same round waits here, then finds the first.
        CaseRecord c = cases.lock(link.caseId()).orElseThrow(PortalAccess::invalidLink);
        if (link.delegate()) {
            throw ProblemException.conflict("this request was handed to you; it cannot be handed on again");
        }
        String earlier = links.delegations(List.of(c.id())).get(c.id() + ":" + link.round());
        if (earlier != null) {
            throw ProblemException.conflict("this round was already handed to " + earlier);
        }
        if (email.equalsIgnoreCase(c.developer().email())
                || c.developer().ccEmails().stream().anyMatch(email::equalsIgnoreCase)) {
            throw Violations.single("email", "is an address this request already goes to; name a colleague's own");
        }
        if (!link.id().equals(c.timers().linkTokenId()) || link.round() != c.snapshot().round()) {
            throw ProblemException.conflict("a newer request replaced this link; use the link in the latest mail");
        }
        try {
            CaseRecord after = caseService.apply(c.id(), new CaseCommand.Delegate(c.developer().email(),
                    name.strip(), email, reason.strip()), null, "developer:" + c.developer().developerId());
            return new Delegated(link.round(), name.strip(), email, after.updatedAt());
        } catch (TransitionRefused e) {
            throw ProblemException.conflict("this case no longer takes an answer, so it cannot be handed on");
        }
    }
}
