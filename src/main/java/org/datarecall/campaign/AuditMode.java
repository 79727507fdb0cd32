package org.datarecall.campaign;

/** Which attested cases are audited: all, none, or a deterministic sample. */
public enum AuditMode {
    ALL,
    SAMPLE,
    NONE
}
