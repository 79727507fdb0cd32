package org.datarecall.portal;

/** What the developer attests: the data was deleted, or it was never kept. */
public enum AttestationKind {
    DELETED,
    NEVER_RETAINED
}
