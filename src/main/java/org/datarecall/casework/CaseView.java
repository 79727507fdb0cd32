package org.datarecall.casework;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseMachine;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.casework.domain.VerificationBasis;

/** A case in API answers. */
public record CaseView(
        UUID id,
        UUID campaignId,
        Developer developer,
        RiskTier riskTier,
        CaseState state,
        int round,
        Instant dueAt,
        boolean overdue,
        VerificationBasis verificationBasis,
        List<String> allowedActions,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant firstAccessAt,
        Instant lastRecordedAccessAt,
        Long usersAffected,
        Instant revokedAt,
        List<String> findings,
        boolean unreachable,
        UUID parentCaseId,
        String owner) {

    /** The case with what the platform's records say about it. */
    public static CaseView of(CaseRecord c, AccessFacts access, Instant now) {
        CaseState state = c.snapshot().state();
        return new CaseView(c.id(), c.campaignId(), c.developer(), c.riskTier(), state, c.snapshot().round(),
                c.snapshot().dueAt(), c.snapshot().isOverdue(now), c.snapshot().verificationBasis(),
                CaseMachine.allowedActions(state).stream().map(CaseAction::pathName).toList(),
                c.version(), c.createdAt(), c.updatedAt(), access.firstAccessAt(), access.lastRecordedAccessAt(),
                access.usersAffected(), access.revokedAt(), access.findings(), c.unreachable(),
                c.parentCaseId(), c.owner());
    }
}
