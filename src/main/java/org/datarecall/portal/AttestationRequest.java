package org.datarecall.portal;

import java.util.List;

/**
 * A deletion attestation as the developer sends it (JSON body of {@code POST /portal/attestation},
 * or the portal page's form). Everything is checked by {@link AttestationCheck}; times are text so
 * that a bad one is reported by field like any other mistake. {@code evidence} lists the ids of
 * uploaded files (at most 20), {@code signatoryCode} is the code mailed to {@code signatoryEmail},
 * {@code authority} the signatory's own words on why it may sign for the developer. Each entry of
 * {@code thirdParties} is a name, or {@code {"name", "email"}}: one with an address is asked to attest too.
 */
public record AttestationRequest(
        String kind,
        String signatoryName,
        String signatoryTitle,
        String signatoryEmail,
        List<String> dataCategories,
        String deletedAt,
        String method,
        List<String> systems,
        Boolean backupsCovered,
        Boolean sharedWithThirdParties,
        List<Object> thirdParties,
        String retained,
        String verification,
        String statement,
        Boolean agreed,
        List<String> evidence,
        String signatoryCode,
        String authority) {
}
