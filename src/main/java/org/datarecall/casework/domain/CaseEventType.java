package org.datarecall.casework.domain;

/**
 * The kinds of entries in a case's history, with the states each moves between where they are
 * fixed; null where they vary (the event record then carries the state itself).
 */
public enum CaseEventType {
    CASE_OPENED(null, CaseState.PENDING),
    DEVELOPER_UPDATED(null, null),
    NOTIFIED(CaseState.PENDING, CaseState.NOTIFIED),
    DELETION_REQUESTED(null, CaseState.DELETION_REQUESTED),
    DEADLINE_EXTENDED(null, CaseState.DELETION_REQUESTED),
    REMINDER_SENT(CaseState.DELETION_REQUESTED, CaseState.DELETION_REQUESTED),
    ESCALATED(null, CaseState.ESCALATED),
    ENFORCED(CaseState.ESCALATED, CaseState.ENFORCED),
    WITHDRAWN(null, CaseState.WITHDRAWN),
    ATTESTATION_RECEIVED(null, CaseState.ATTESTED),
    ATTESTATION_REJECTED(null, null),
    AUDIT_REQUESTED(CaseState.ATTESTED, CaseState.AUDIT_PENDING),
    VERIFIED(CaseState.ATTESTED, CaseState.VERIFIED),
    AUDIT_PASSED(CaseState.AUDIT_PENDING, CaseState.VERIFIED),
    AUDIT_FAILED(CaseState.AUDIT_PENDING, null),
    NOTICE_RESENT(null, null),
    CONTACT_UPDATED(null, null),
    DELEGATED(null, null),
    ACCESS_REVOKED(null, null),
    NOTICE_BOUNCED(null, null),
    FINDING(null, null),
    NOTE_ADDED(null, null),
    OWNER_ASSIGNED(null, null),
    EVIDENCE_REQUESTED(CaseState.AUDIT_PENDING, CaseState.AUDIT_PENDING),
    EVIDENCE_SUPPLIED(CaseState.AUDIT_PENDING, CaseState.AUDIT_PENDING),
    ENFORCEMENT_CONFIRMED(CaseState.ENFORCED, CaseState.ENFORCED),
    ENFORCEMENT_FAILED(CaseState.ENFORCED, CaseState.ENFORCED);

    private final CaseState from;
    private final CaseState to;

    CaseEventType(CaseState from, CaseState to) {
        this.from = from;
        this.to = to;
    }

    CaseState from() {
        return from;
    }

    CaseState to() {
        return to;
    }
}
