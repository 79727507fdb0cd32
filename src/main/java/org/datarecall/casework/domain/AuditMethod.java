package org.datarecall.casework.domain;

/** How an auditor checked that the data is gone. */
public enum AuditMethod {
    DOCUMENT_REVIEW,
    REMOTE_INSPECTION,
    ONSITE_INSPECTION,
    TECHNICAL_SCAN
}
