package org.datarecall.casework.domain;

/** What the platform did to a developer that did not delete the data. */
public enum EnforcementMeasure {
    APP_SUSPENDED,
    ACCESS_TERMINATED,
    LEGAL_REFERRAL,
    OTHER
}
