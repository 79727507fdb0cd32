package org.datarecall.sweep;

/**
 * The sweep's kinds of due work, in the order each run takes them: a case that is due for
 * escalation escalates before it could be reminded.
 */
public enum SweepStage {
    /** PENDING cases of ACTIVE campaigns get the revocation notice. */
    NOTIFY,
    /** NOTIFIED cases whose deletion-request delay has passed get the deletion request and a link. */
    REQUEST,
    /** DELETION_REQUESTED cases silent past their deadline plus the grace period escalate. */
    ESCALATE,
    /** DELETION_REQUESTED cases with a reminder offset due get the latest due reminder. */
    REMIND,
    /** ATTESTED cases go to an audit or straight to VERIFIED, by the campaign's audit policy. */
    ROUTE
}
