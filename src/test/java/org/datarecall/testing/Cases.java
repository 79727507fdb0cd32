package org.datarecall.testing;

import java.util.UUID;

import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseService;
import org.datarecall.casework.domain.CaseCommand;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Moves cases with the commands that the sweep and the developer portal give, through the same
 * service and state machine, so that staff actions can be tested in every state.
 */
@ApplicationScoped
public class Cases {

    @Inject
    CaseService service;

    public CaseRecord apply(String caseId, CaseCommand command) {
        return service.apply(UUID.fromString(caseId), command, null, "system:test");
    }

    public void toDeletionRequested(String caseId) {
        apply(caseId, new CaseCommand.Notify());
        apply(caseId, new CaseCommand.RequestDeletion());
    }

    public void toAuditPending(String caseId) {
        toDeletionRequested(caseId);
        apply(caseId, new CaseCommand.SubmitAttestation(UUID.randomUUID().toString(), "ab".repeat(32)));
        apply(caseId, new CaseCommand.RouteAttestation(true, "test"));
    }

    /** From DELETION_REQUESTED: attested and picked for an audit. */
    public void toAuditPendingFromRequested(String caseId) {
        apply(caseId, new CaseCommand.SubmitAttestation(UUID.randomUUID().toString(), "ab".repeat(32)));
        apply(caseId, new CaseCommand.RouteAttestation(true, "test"));
    }
}
