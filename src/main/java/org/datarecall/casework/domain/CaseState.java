package org.datarecall.casework.domain;

/** Where one developer's case stands. */
public enum CaseState {
    PENDING,
    NOTIFIED,
    DELETION_REQUESTED,
    ATTESTED,
    AUDIT_PENDING,
    VERIFIED,
    ESCALATED,
    ENFORCED,
    WITHDRAWN;

    public boolean isTerminal() {
        return this == VERIFIED || this == ENFORCED || this == WITHDRAWN;
    }
}
