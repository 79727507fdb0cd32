package org.datarecall.casework.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The actions staff can take on a case, by the name used in {@code POST /cases/{id}/actions/{action}}.
 * Work done by the sweep or by the developer is not an action: it has its own commands.
 */
public enum CaseAction {
    SEND_DELETION_REQUEST("send-deletion-request"),
    EXTEND("extend"),
    ESCALATE("escalate"),
    ENFORCE("enforce"),
    WITHDRAW("withdraw"),
    REJECT_ATTESTATION("reject-attestation"),
    RECORD_AUDIT("record-audit"),
    RESEND_NOTICE("resend-notice"),
    UPDATE_CONTACT("update-contact"),
    ADD_NOTE("add-note"),
    ASSIGN("assign"),
    REQUEST_EVIDENCE("request-evidence");

    private final String pathName;

    CaseAction(String pathName) {
        this.pathName = pathName;
    }

    public String pathName() {
        return pathName;
    }

    public static Optional<CaseAction> fromPathName(String name) {
        return Arrays.stream(values()).filter(a -> a.pathName.equals(name)).findFirst();
    }
}
