package org.datarecall.casework.domain;

/** Which attested cases are audited: all, none, or a deterministic sample. */
public enum AuditMode {
    ALL,
    SAMPLE,
    NONE
}
