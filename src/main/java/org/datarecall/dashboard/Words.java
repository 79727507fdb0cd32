package org.datarecall.dashboard;

import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseState;

import io.quarkus.qute.TemplateExtension;

/**
 * States and actions as the staff pages name them ("Deletion requested", "Extend the deadline"); the API,
 * the evidence and the pages' element ids and classes keep the codes. In templates: {@code {state.words}}
 * for a state or an action, {@code {words:state(code)}} and {@code {words:action(pathName)}} for their codes.
 */
public final class Words {

    private Words() {
    }

    @TemplateExtension
    static String words(CaseState state) {
        return switch (state) {
            case PENDING -> "Pending";
            case NOTIFIED -> "Notified";
            case DELETION_REQUESTED -> "Deletion requested";
            case ATTESTED -> "Attested";
            case AUDIT_PENDING -> "Audit pending";
            case VERIFIED -> "Verified";
            case ESCALATED -> "Escalated";
            case ENFORCED -> "Enforced";
            case WITHDRAWN -> "Withdrawn";
        };
    }

    @TemplateExtension
    static String words(CaseAction action) {
        return switch (action) {
            case SEND_DELETION_REQUEST -> "Send the deletion request";
            case EXTEND -> "Extend the deadline";
            case ESCALATE -> "Escalate";
            case ENFORCE -> "Enforce";
            case WITHDRAW -> "Withdraw the case";
            case RESEND_NOTICE -> "Send the latest mail again";
            case RECORD_AUDIT -> "Record the audit";
            case REJECT_ATTESTATION -> "Reject the attestation";
            case UPDATE_CONTACT -> "Change the developer's address";
            case ADD_NOTE -> "Add a note";
            case ASSIGN -> "Assign to a staff member";
            case REQUEST_EVIDENCE -> "Ask for more evidence";
        };
    }

    /**
     * A time as the staff pages show every time: "1 Jun 2026, 09:00 UTC". Takes an instant, or its
     * ISO-8601 text (times inside stored JSON); anything else is shown as it is.
     */
    @TemplateExtension(namespace = "words")
    static String at(Object time) {
        if (time instanceof java.time.Instant instant) {
            return CasePage.SHOWN.format(instant);
        }
        if (time instanceof String text) {
            try {
                return CasePage.SHOWN.format(java.time.Instant.parse(text));
            } catch (java.time.format.DateTimeParseException e) {
                return text;
            }
        }
        return time == null ? "" : time.toString();
    }

    /** An ISO-8601 duration in words ("30 days", "1 day 6 hours", "7 days before"). */
    @TemplateExtension(namespace = "words")
    static String duration(String iso) {
        return DaysHours.words(iso);
    }

    /** A state's code in words; a code that is no state is shown as it is. */
    @TemplateExtension(namespace = "words")
    static String state(String code) {
        try {
            return words(CaseState.valueOf(code));
        } catch (IllegalArgumentException | NullPointerException e) {
            return code;
        }
    }

    /** An action's path name in words. */
    @TemplateExtension(namespace = "words")
    static String action(String pathName) {
        return CaseAction.fromPathName(pathName).map(Words::words).orElse(pathName);
    }
}
