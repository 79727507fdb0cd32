package org.datarecall.casework.domain;

public enum AuditResult {
    PASS,
    FAIL
}
