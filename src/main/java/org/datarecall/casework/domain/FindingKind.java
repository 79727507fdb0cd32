package org.datarecall.casework.domain;

/** What the platform's own records can prove against a developer, whatever it attested. */
public enum FindingKind {
    /** Calls on a day after the app's revocation day, or a probe after revocation that still had access. */
    ACCESS_AFTER_REVOCATION,
    /** Calls on a day after the day the developer attested the data deleted. */
    ACCESS_AFTER_DELETION,
    /** The campaign is under way and one of the case's apps has no recorded revocation. */
    NOT_REVOKED
}
