package org.datarecall.webhook;

import java.util.UUID;

/**
 * The end of an enforcement call, fired (synchronously, inside the transaction that marks the delivery)
 * for the case to record: {@code confirmed} when the platform answered 2xx; otherwise the call was
 * refused or its last attempt failed. {@code status} and {@code detail} are what came back.
 */
public record EnforcementOutcome(UUID caseId, UUID callId, boolean confirmed, String measure, Integer status,
        String detail) {
}
