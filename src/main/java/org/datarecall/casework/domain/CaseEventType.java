package org.datarecall.casework.domain;

/** The kinds of entries in a case's history. */
public enum CaseEventType {
    CASE_OPENED,
    DEVELOPER_UPDATED,
    NOTIFIED,
    DELETION_REQUESTED,
    DEADLINE_EXTENDED,
    REMINDER_SENT,
    ESCALATED,
    ENFORCED,
    WITHDRAWN,
    ATTESTATION_RECEIVED,
    ATTESTATION_REJECTED,
    AUDIT_REQUESTED,
    VERIFIED,
    AUDIT_PASSED,
    AUDIT_FAILED,
    NOTICE_RESENT
}
