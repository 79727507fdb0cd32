package org.datarecall.portal;

import java.util.List;

import org.datarecall.platform.concurrent.GroupCommit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Takes a developer's attestation. Submissions that arrive together are written together
 * ({@link GroupCommit}): under load one transaction carries many of them, while a lone submission
 * is written at once. Two racing submissions on one case still cannot both win: the cases are
 * locked, and a group takes at most one attestation per case and round.
 */
@ApplicationScoped
public class AttestationService {

    /** Two groups at once: one is planned in the JVM while the other waits on PostgreSQL. */
    static final int GROUPS_AT_ONCE = 2;
    /** Bounds how many case locks one transaction holds (and one group's statements' size). */
    static final int MAX_GROUP = 64;

    private final GroupCommit<AttestationBatch.Submission, AttestationBatch.Outcome> groups;

    private final PortalAccess access;

    @Inject
    public AttestationService(AttestationBatch batch, PortalAccess access) {
        this.access = access;
        this.groups = new GroupCommit<>(GROUPS_AT_ONCE, MAX_GROUP, batch::write);
    }

    /** A stored attestation and the files it took, as the receipt shows them. */
    public record Accepted(Attestation attestation, List<EvidenceFile> files) {
    }

    /** Stores the attestation and answers it, or throws the problem that refused it. */
    public Accepted submit(PortalAccess.Presented token, AttestationRequest request, Origin origin) {
        AttestationBatch.Outcome outcome = groups.submit(new AttestationBatch.Submission(token.tokenHash(), request,
                origin));
        if (outcome.noWorkingLink()) {
            throw access.refused(token.client());
        }
        if (outcome.refused() != null) {
            throw outcome.refused();
        }
        return new Accepted(outcome.accepted(), outcome.files());
    }

    /** Where the request came from, kept with the attestation. */
    public record Origin(String clientIp, String userAgent) {
    }
}
