package org.datarecall.notice;

/** The kinds of mail; all but ESCALATION and CHECKPOINT go to the developer. */
public enum NoticeKind {
    REVOCATION_NOTICE,
    DELETION_REQUEST,
    REMINDER,
    ESCALATION,
    ATTESTATION_RECEIPT,
    AUDIT_NOTICE,
    AUDIT_RESULT,
    WITHDRAWAL_NOTICE,
    /** The code a signatory proves its mailbox with; sent at once, never through the queue (see SignatoryCodeMail). */
    SIGNATORY_CODE,
    /** A signed checkpoint, to the witnesses outside the database, with the signed document attached. */
    CHECKPOINT,
    /** The request, to the colleague a round was handed to, with the delegate's own link. */
    DELEGATION_NOTICE,
    /** To the developer's contacts: whom they handed the round to. */
    DELEGATION_CONFIRMATION,
    /** An auditor's request for more evidence, with the link that takes the files. */
    EVIDENCE_REQUEST;

    public boolean toDeveloper() {
        return this != ESCALATION && this != CHECKPOINT;
    }

    /** The mails that ask for an attestation, and the receipt whose attestation the link keeps showing. */
    public boolean carriesLink() {
        return this == DELETION_REQUEST || this == REMINDER || this == ATTESTATION_RECEIPT || this == DELEGATION_NOTICE
                || this == EVIDENCE_REQUEST;
    }
}
