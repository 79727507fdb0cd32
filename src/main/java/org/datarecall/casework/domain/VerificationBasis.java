package org.datarecall.casework.domain;

/** Why a case counts as verified: the developer's attestation alone, or an audit that passed. */
public enum VerificationBasis {
    ATTESTATION,
    AUDIT
}
