package org.datarecall.portal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.CaseService;
import org.datarecall.casework.TransitionRefused;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.link.LinkStore;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Violations;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;
import org.datarecall.platform.jdbc.Times;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * An auditor's request for more evidence, seen from the developer's link: while a case is AUDIT_PENDING
 * and its latest audit step is an EVIDENCE_REQUESTED event, the link takes more files and sends them
 * ({@code POST /portal/evidence-supplement}) as an EVIDENCE_SUPPLIED event that lists each file's digest.
 * The request stays open until the audit is recorded: a developer may send more than once.
 */
@ApplicationScoped
public class EvidenceRequests {

    static final int MAX_FILES = 20;
    /**
     * Sends one request takes: files are kept for good once sent, so a link must not be a way to fill the
     * database. The auditor may ask again for more.
     */
    static final int MAX_SUPPLEMENTS = 10;
    static final int MAX_COMMENT = 2000;

    private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
    };

    /** The body of {@code POST /portal/evidence-supplement}: the uploaded files' ids, and a word to the auditor. */
    public record SupplyRequest(List<String> evidence, String comment) {
    }

    /** What the link shows of an open request: what the auditor asked, when, and what was sent since. */
    public record Open(String reason, Instant requestedAt, List<EvidenceFile.Uploaded> supplied,
            @com.fasterxml.jackson.annotation.JsonIgnore int supplements) {
    }

    /** The answer to a supplement: its id, when it was received, and each file with its digest. */
    public record Supplied(UUID supplementId, Instant receivedAt, List<EvidenceFile.Uploaded> evidence) {
    }

    @Inject
    Jdbc jdbc;

    @Inject
    CaseRepository cases;

    @Inject
    CaseService caseService;

    @Inject
    EvidenceStore store;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    /**
     * The case's open request, if any: its latest audit step (AUDIT_REQUESTED or EVIDENCE_REQUESTED) is a
     * request for evidence and the case is still AUDIT_PENDING; with the files sent since, from their
     * EVIDENCE_SUPPLIED events (which hold each file's name, size and digest).
     */
    public Optional<Open> open(CaseRecord c) {
        if (c.snapshot().state() != CaseState.AUDIT_PENDING) {
            return Optional.empty();
        }
        Optional<Step> latest = jdbc.one("SELECT seq, type, at, data FROM dr_case_event WHERE campaign_id = ? "
                + "AND case_id = ? AND type IN ('AUDIT_REQUESTED', 'EVIDENCE_REQUESTED') ORDER BY seq DESC LIMIT 1",
                EvidenceRequests::step, c.campaignId(), c.id());
        if (latest.isEmpty() || !latest.get().type().equals("EVIDENCE_REQUESTED")) {
            return Optional.empty();
        }
        List<EvidenceFile.Uploaded> sent = new ArrayList<>();
        List<Step> supplements = supplements(c, latest.get().seq());
        for (Step supplement : supplements) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> files = (List<Map<String, Object>>) data(supplement).get("files");
            for (Map<String, Object> f : files) {
                sent.add(new EvidenceFile.Uploaded(UUID.fromString((String) f.get("evidenceId")),
                        (String) f.get("sha256"), ((Number) f.get("size")).longValue(), (String) f.get("contentType"),
                        (String) f.get("filename")));
            }
        }
        return Optional.of(new Open((String) data(latest.get()).get("reason"), latest.get().at(), sent,
                supplements.size()));
    }

    private List<Step> supplements(CaseRecord c, int afterSeq) {
        return jdbc.list("SELECT seq, type, at, data FROM dr_case_event WHERE campaign_id = ? AND case_id = ? "
                + "AND seq > ? AND type = 'EVIDENCE_SUPPLIED' ORDER BY seq", EvidenceRequests::step, c.campaignId(),
                c.id(), afterSeq);
    }

    private static Step step(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Step(rs.getInt("seq"), rs.getString("type"), SqlValues.instant(rs, "at"), rs.getString("data"));
    }

    /** Sends uploaded files to the auditor; throws the problem that refused them, with nothing changed. */
    @Transactional
    public Supplied supply(LinkStore.ValidLink link, SupplyRequest request) {
        // Any working link of the case may answer: in a round handed to a delegate, the contacts too, since
        // the request goes to them and either side may hold what the auditor asks for.
        Violations v = new Violations();
        List<UUID> ids = new ArrayList<>();
        if (request.evidence() == null || request.evidence().isEmpty()) {
            v.add("evidence", "list the ids of the uploaded files to send (at least one)");
        } else if (request.evidence().size() > MAX_FILES) {
            v.add("evidence", "send at most " + MAX_FILES + " files at once");
        } else {
            for (int i = 0; i < request.evidence().size(); i++) {
                UUID id = AttestationCheck.evidenceId(request.evidence().get(i));
                if (id == null) {
                    v.add("evidence[" + i + "]", "is not the id of an uploaded file");
                } else if (ids.contains(id)) {
                    v.add("evidence[" + i + "]", "lists the same file twice");
                } else {
                    ids.add(id);
                }
            }
        }
        String comment = request.comment() == null || request.comment().isBlank() ? null : request.comment().strip();
        if (comment != null && Violations.characters(comment) > MAX_COMMENT) {
            v.add("comment", "must be at most " + MAX_COMMENT + " characters");
        }
        v.throwIfAny();
        // Locked first: a second supplement of the same files waits here, then finds them taken.
        CaseRecord c = cases.lock(link.caseId()).orElseThrow(PortalAccess::invalidLink);
        Optional<Open> asked = open(c);
        if (asked.isEmpty()) {
            throw ProblemException.conflict("no auditor has asked for more evidence on this case; nothing can be sent now");
        }
        if (asked.get().supplements() >= MAX_SUPPLEMENTS) {
            throw ProblemException.conflict("this request already took " + MAX_SUPPLEMENTS + " sends; the auditor "
                    + "can ask again for more");
        }
        Map<UUID, EvidenceFile> files = store.lockAll(ids);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            EvidenceFile f = files.get(ids.get(i));
            if (f == null || !f.caseId().equals(c.id())) {
                v.add("evidence[" + i + "]", "no file with this id was uploaded for this case");
            } else if (f.attestationId() != null || f.supplied()) {
                v.add("evidence[" + i + "]", "this file was already sent");
            } else {
                listed.add(new LinkedHashMap<>(f.members()));
            }
        }
        v.throwIfAny();
        Instant now = Times.stored(clock.instant());
        UUID supplementId = Ids.newId(now);
        try {
            caseService.apply(c.id(), new CaseCommand.SupplyEvidence(supplementId.toString(), listed, comment), null,
                    "developer:" + c.developer().developerId());
        } catch (TransitionRefused e) {
            throw ProblemException.conflict("this case no longer takes evidence");
        }
        store.supply(ids, supplementId);
        return new Supplied(supplementId, now, store.supplied(supplementId).stream().map(EvidenceFile.Uploaded::of)
                .toList());
    }

    private record Step(int seq, String type, Instant at, String data) {
    }

    private Map<String, Object> data(Step step) {
        try {
            return mapper.readValue(step.data(), DATA);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored event data is not JSON", e);
        }
    }
}
