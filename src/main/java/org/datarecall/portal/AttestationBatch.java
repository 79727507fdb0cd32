package org.datarecall.portal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseWriter;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.PlannedTransition;
import org.datarecall.casework.TransitionPlanner;
import org.datarecall.casework.TransitionStore;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.casework.domain.CaseMachine;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.link.LinkStore;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Violation;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Takes a group of attestations in one transaction: locks their cases (in id order, so groups
 * written at once, here or on other replicas, never deadlock), checks each submission against its
 * locked case, stores the accepted ones immutably and moves their cases to ATTESTED with a receipt
 * mail. A submission refused for its own reasons (a bad field, a round already attested, a link
 * replaced) is answered with its problem and does not hold back the others.
 */
@ApplicationScoped
public class AttestationBatch {


    @Inject
    CaseRepository cases;

    @Inject
    CampaignRepository campaigns;

    @Inject
    TransitionPlanner planner;

    @Inject
    TransitionStore store;

    @Inject
    CaseWriter caseWriter;

    @Inject
    AttestationStore attestations;

    @Inject
    LinkStore linkStore;

    @Inject
    EvidenceStore evidence;

    @Inject
    SignatoryCodes codes;

    @Inject
    Clock clock;

    @Inject
    org.datarecall.platform.jdbc.Jdbc jdbc;

    @Inject
    org.datarecall.platform.config.DataRecallConfig config;

    /** One developer's submission through the link its token opens (the token's SHA-256). */
    public record Submission(byte[] tokenHash, AttestationRequest request, AttestationService.Origin origin) {
    }

    /** The answer to one submission: the stored attestation, or why it was refused. */
    public record Outcome(Attestation accepted, List<EvidenceFile> files, ProblemException refused,
            boolean noWorkingLink) {

        static Outcome of(Attestation a, List<EvidenceFile> files) {
            return new Outcome(a, files, null, false);
        }

        static Outcome refusedBy(ProblemException problem) {
            return new Outcome(null, List.of(), problem, false);
        }

        static Outcome withoutLink() {
            return new Outcome(null, List.of(), PortalAccess.invalidLink(), true);
        }
    }

    /**
     * Answers one outcome per submission, in order. The group's links are looked up in one statement
     * and their cases locked in another, so a submission costs no round trip of its own.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Outcome> write(List<Submission> group) {
        Instant now = Times.stored(clock.instant());
        Map<String, LinkStore.ValidLink> links = linkStore.resolveAll(
                group.stream().map(Submission::tokenHash).toList(), now);
        Map<UUID, CaseRecord> locked = lockCases(links.values().stream().map(LinkStore.ValidLink::caseId).distinct()
                .toList());
        // The group's files and codes, each locked in one statement (files so that the cleanup cannot
        // take one being attached; codes so that a try is counted once).
        Map<UUID, EvidenceFile> files = evidence.lockAll(group.stream().flatMap(s -> evidenceIds(s.request()).stream())
                .distinct().toList());
        Map<UUID, SignatoryCodes.Issued> issued = locked.isEmpty() ? Map.of() : codes.lockAll(locked.keySet());
        Proofs proofs = new Proofs(files, issued, now);
        // Read on the locked cases: a round handed over while this group waited makes the contact's link read-only.
        Map<String, String> handedOver = linkStore.delegations(locked.keySet());
        Map<UUID, Campaign> campaignsById = new HashMap<>();
        Map<UUID, Attestation> acceptedByCase = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>(group.size());
        List<Attestation> accepted = new ArrayList<>();
        List<PlannedTransition> plans = new ArrayList<>();
        for (Submission s : group) {
            LinkStore.ValidLink resolved = links.get(HexFormat.of().formatHex(s.tokenHash()));
            LinkStore.ValidLink link = resolved == null ? null
                    : resolved.handedTo(handedOver.get(resolved.caseId() + ":" + resolved.round()));
            CaseRecord c = link == null ? null : locked.get(link.caseId());
            if (c == null) {
                outcomes.add(Outcome.withoutLink());
                continue;
            }
            Campaign campaign = campaignsById.computeIfAbsent(c.campaignId(), id -> campaigns.find(id).orElseThrow());
            try {
                Attestation a = accept(link, s, c, campaign, acceptedByCase.get(c.id()), proofs, now);
                PlannedTransition plan = plan(c, campaign, a, now);
                proofs.accepted(a);
                accepted.add(a);
                plans.add(plan);
                acceptedByCase.put(c.id(), a);
                outcomes.add(Outcome.of(a, proofs.checked.get(a.id()).files()));
            } catch (ProblemException refused) {
                outcomes.add(Outcome.refusedBy(refused));
            }
        }
        attestations.insert(accepted);
        evidence.attach(proofs.attached);
        codes.record(proofs.failedCodes, proofs.usedCodes, now);
        store.store(plans);
        // The third parties it passed the data on to are asked in turn; the parent waits for them (see DueWork).
        for (Attestation a : accepted) {
            List<CaseWriter.SubCase> parties = proofs.onward.get(a.caseId());
            if (parties != null) {
                caseWriter.openSubCases(locked.get(a.caseId()), parties,
                        "developer:" + locked.get(a.caseId()).developer().developerId(), now);
            }
        }
        return outcomes;
    }

    /**
     * Locks the group's cases, waiting at most {@code datarecall.portal.lock-timeout}: a case held by a
     * long import or another writer answers 503 (try again shortly) instead of holding the developer,
     * and a group's thread, without end.
     */
    private Map<UUID, CaseRecord> lockCases(List<UUID> ids) {
        // A number, never text from outside: SET takes no parameters.
        jdbc.update("SET LOCAL lock_timeout = " + Math.max(1, config.portal().lockTimeout().toMillis()));
        try {
            Map<UUID, CaseRecord> locked = cases.lockAll(ids);
            // Only this wait is bounded so: the group's other writes follow the session's own setting.
            jdbc.one("SELECT set_config('lock_timeout', ?, true)", rs -> null, config.db().lockTimeout());
            return locked;
        } catch (org.datarecall.platform.jdbc.DatabaseException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && "55P03".equals(sql.getSQLState())) {
                throw new CasesBusy();
            }
            throw e;
        }
    }

    /** The cases were held by another writer longer than the portal waits: the whole group is answered 503. */
    static final class CasesBusy extends ProblemException
            implements org.datarecall.platform.concurrent.GroupCommit.WholeGroup {
        CasesBusy() {
            super(503, "busy", "Service Unavailable",
                    "this case is being updated right now; nothing was stored — send it again in a minute");
            withHeader("Retry-After", "60");
        }
    }

    /** The ids of files a submission lists, as far as they are ids; the check reports the rest. */
    private static List<UUID> evidenceIds(AttestationRequest r) {
        if (r == null || r.evidence() == null || r.evidence().size() > AttestationCheck.MAX_EVIDENCE) {
            return List.of();
        }
        return r.evidence().stream().map(AttestationCheck::evidenceId).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * What backs the submissions of a group: their files and the cases' codes, and what the accepted
     * ones do to them (files attached, codes spent), and the wrong codes counted.
     */
    private final class Proofs {
        final Map<UUID, EvidenceFile> files;
        final Map<UUID, SignatoryCodes.Issued> issued;
        final Instant now;
        final Map<UUID, UUID> attached = new HashMap<>();
        /** The third parties with an address of each accepted attestation, by case. */
        final Map<UUID, List<CaseWriter.SubCase>> onward = new HashMap<>();
        final List<UUID> failedCodes = new ArrayList<>();
        final List<UUID> usedCodes = new ArrayList<>();

        Proofs(Map<UUID, EvidenceFile> files, Map<UUID, SignatoryCodes.Issued> issued, Instant now) {
            this.files = files;
            this.issued = issued;
            this.now = now;
        }

        /** Checks the files and the code of one submission; counts a wrong code at once, refused or not. */
        Found check(CaseRecord c, AttestationRequest r) {
            List<Violation> problems = new ArrayList<>();
            List<EvidenceFile> listed = new ArrayList<>();
            List<String> ids = r.evidence() == null || r.evidence().size() > AttestationCheck.MAX_EVIDENCE ? List.of()
                    : r.evidence();
            for (int i = 0; i < ids.size(); i++) {
                UUID id = AttestationCheck.evidenceId(ids.get(i));
                if (id == null) {
                    continue;
                }
                EvidenceFile f = files.get(id);
                if (f == null || !f.caseId().equals(c.id())) {
                    problems.add(new Violation("evidence[" + i + "]", "no file with this id was uploaded for this case"));
                } else if (f.supplied()) {
                    problems.add(new Violation("evidence[" + i + "]", "this file was already sent for an audit"));
                } else if (f.attestationId() != null || attached.containsKey(id)) {
                    problems.add(new Violation("evidence[" + i + "]", "this file is already attached to an attestation"));
                } else if (!listed.contains(f)) {
                    listed.add(f);
                }
            }
            SignatoryCodes.Verdict verdict = codes.verify(issued.get(c.id()), c.id(), r.signatoryEmail(),
                    r.signatoryCode(), now);
            if (verdict.refusal() != null) {
                problems.add(new Violation("signatoryCode", verdict.refusal()));
                if (verdict.counted()) {
                    failedCodes.add(verdict.codeId());
                }
            }
            return new Found(problems, listed, verdict);
        }

        /** What each attestation made of this group found, until it is planned too. */
        final Map<UUID, Found> checked = new HashMap<>();

        void accepted(Attestation a) {
            Found found = checked.get(a.id());
            found.files().forEach(f -> attached.put(f.id(), a.id()));
            usedCodes.add(found.verdict().codeId());
        }
    }

    private record Found(List<Violation> problems, List<EvidenceFile> files, SignatoryCodes.Verdict verdict) {
    }

    /** The attestation this submission makes, if its case takes it now; {@code earlier}: one this group took. */
    private Attestation accept(LinkStore.ValidLink link, Submission s, CaseRecord c, Campaign campaign,
            Attestation earlier, Proofs proofs, Instant now) {
        // Checked on the locked case: a link replaced by a new round or an extension that committed after
        // the links were looked up stops working here too.
        PortalAccess.requireWritable(link);
        // A delegate's link is not the case's own, but answers the round it was given for.
        if (link.delegate() ? link.round() != c.snapshot().round() : !link.id().equals(c.timers().linkTokenId())) {
            throw ProblemException.conflict("a newer request replaced this link; use the link in the latest mail");
        }
        if (earlier != null || !acceptsAttestation(c, campaign)) {
            Optional<Attestation> received = earlier != null ? Optional.of(earlier)
                    : attestations.forRound(c.id(), link.round());
            throw ProblemException.conflict(received.isPresent()
                    ? "an attestation for this round was already received at " + received.get().receivedAt()
                    : "this case no longer takes attestations");
        }
        Found found = proofs.check(c, s.request());
        int minFiles = campaign.policy().minEvidenceFiles(c.riskTier());
        Statement statement = new AttestationCheck(campaign, now).check(s.request(), minFiles,
                found.problems());
        Attestation a = Attestation.of(Ids.newId(now), c.id(), campaign.id(), link.round(), link.id(), now,
                c.snapshot().state() == CaseState.ESCALATED, statement, found.files(), found.verdict().verifiedAt(),
                clip(s.origin().clientIp(), 100), clip(s.origin().userAgent(), 500));
        proofs.checked.put(a.id(), found);
        List<CaseWriter.SubCase> parties = statement.thirdParties().stream().filter(p -> p.email() != null)
                .map(p -> new CaseWriter.SubCase(p.name(), p.email())).toList();
        if (!parties.isEmpty()) {
            proofs.onward.put(c.id(), parties);
        }
        return a;
    }

    private PlannedTransition plan(CaseRecord c, Campaign campaign, Attestation a, Instant now) {
        CaseCommand submit = new CaseCommand.SubmitAttestation(a.id().toString(), a.sha256());
        return switch (planner.plan(campaign, c, submit, "developer:" + c.developer().developerId(), now)) {
            case TransitionPlanner.Planned planned -> planned.plan();
            case TransitionPlanner.Refused refused -> throw ProblemException.conflict("this case no longer takes "
                    + "attestations");
        };
    }

    /** The campaign runs and the case's state takes an attestation (the rule is the state machine's). */
    public static boolean acceptsAttestation(CaseRecord c, Campaign campaign) {
        return campaign.status() == CampaignStatus.ACTIVE && CaseMachine.acceptsAttestation(c.snapshot());
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() > max ? text.substring(0, max) : text;
    }
}
