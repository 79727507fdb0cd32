package org.datarecall.casework.domain;

/** What the platform's own records, and the cases of those the data was passed on to, prove against a developer. */
public enum FindingKind {
    /** Calls on a day after the app's revocation day, or a probe after revocation that still had access. */
    ACCESS_AFTER_REVOCATION,
    /** Calls on a day after the day the developer attested the data deleted. */
    ACCESS_AFTER_DELETION,
    /** The campaign is under way and one of the case's apps has no recorded revocation. */
    NOT_REVOKED,
    /** A third party the developer passed the data on to (a sub-case) escalated or was enforced against. */
    ONWARD_UNRESOLVED
}
