package org.datarecall.portal;

/** How the data was removed, in the terms of NIST SP 800-88 (media sanitization). */
public enum SanitizationMethod {
    CLEAR,
    PURGE,
    DESTROY,
    NOT_APPLICABLE
}
