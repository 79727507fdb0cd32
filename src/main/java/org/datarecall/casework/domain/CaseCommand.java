package org.datarecall.casework.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Everything that may move a case: staff actions, the developer's attestation and the sweep's work. */
public sealed interface CaseCommand {

    /** A command a staff member gives through {@code POST /cases/{id}/actions/{action}}. */
    sealed interface StaffCommand extends CaseCommand {
        CaseAction action();
    }

    /** The sweep tells the developer that access was revoked. */
    record Notify() implements CaseCommand {
    }

    /** A deletion request starts round 1: by the sweep after the policy's delay, or by a manager at once. */
    record RequestDeletion() implements StaffCommand {
        public CaseAction action() {
            return CaseAction.SEND_DELETION_REQUEST;
        }
    }

    /** Moves the deadline of the current round: to {@code dueAt}, or by {@code extension}. Exactly one is set. */
    record Extend(Instant dueAt, Duration extension, String reason) implements StaffCommand {
        public Extend {
            if ((dueAt == null) == (extension == null)) {
                throw new IllegalArgumentException("exactly one of dueAt and extension");
            }
            Objects.requireNonNull(reason, "reason");
        }

        public CaseAction action() {
            return CaseAction.EXTEND;
        }
    }

    /** A manager escalates a silent developer, or the sweep does once the grace period is over. */
    record Escalate(String reason) implements StaffCommand {
        public CaseAction action() {
            return CaseAction.ESCALATE;
        }
    }

    record Enforce(EnforcementMeasure measure, String reason) implements StaffCommand {
        public Enforce {
            Objects.requireNonNull(measure, "measure");
        }

        public CaseAction action() {
            return CaseAction.ENFORCE;
        }
    }

    record Withdraw(String reason) implements StaffCommand {
        public CaseAction action() {
            return CaseAction.WITHDRAW;
        }
    }

    record RejectAttestation(String reason) implements StaffCommand {
        public CaseAction action() {
            return CaseAction.REJECT_ATTESTATION;
        }
    }

    record RecordAudit(AuditResult result, AuditMethod method, String findings) implements StaffCommand {
        public RecordAudit {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(method, "method");
        }

        public CaseAction action() {
            return CaseAction.RECORD_AUDIT;
        }
    }

    /** Sends the latest developer notice again; the state does not change. */
    record ResendNotice() implements StaffCommand {
        public CaseAction action() {
            return CaseAction.RESEND_NOTICE;
        }
    }

    /**
     * New addresses for the developer, with why: the case keeps its state, and the latest developer mail
     * goes again to the new address. {@code ccEmails} is the whole new Cc list; null keeps the case's own.
     */
    record UpdateContact(String email, List<String> ccEmails, String reason) implements StaffCommand {
        public UpdateContact {
            Objects.requireNonNull(email, "email");
            ccEmails = ccEmails == null ? null : List.copyOf(ccEmails);
            Objects.requireNonNull(reason, "reason");
        }

        /** The same update with the Cc list it keeps, when it gave none. */
        public UpdateContact keepingCc(List<String> current) {
            return ccEmails != null ? this : new UpdateContact(email, current, reason);
        }

        public CaseAction action() {
            return CaseAction.UPDATE_CONTACT;
        }
    }

    /** A staff note on the case, for the record (staff and the evidence pack, never the developer). */
    record AddNote(String text) implements StaffCommand {
        public AddNote {
            Objects.requireNonNull(text, "text");
        }

        public CaseAction action() {
            return CaseAction.ADD_NOTE;
        }
    }

    /**
     * Gives the case to a staff member to look after ({@code owner}; null: to nobody). {@code previousOwner}
     * is the case's owner when the command is planned ({@link #from}), so the event says who had it.
     */
    record Assign(String owner, String previousOwner) implements StaffCommand {
        public Assign from(String current) {
            return new Assign(owner, current);
        }

        public CaseAction action() {
            return CaseAction.ASSIGN;
        }
    }

    /**
     * An auditor asks the developer for more evidence during the audit: a mail with the case's link,
     * which then takes more files for the round ({@link SupplyEvidence}); the case stays AUDIT_PENDING.
     */
    record RequestEvidence(String reason) implements StaffCommand {
        public RequestEvidence {
            Objects.requireNonNull(reason, "reason");
        }

        public CaseAction action() {
            return CaseAction.REQUEST_EVIDENCE;
        }
    }

    /**
     * The developer sends the files an auditor asked for: {@code files} are the stored files' records
     * (id, filename, contentType, size, sha256), {@code supplementId} the id the files are kept under.
     */
    record SupplyEvidence(String supplementId, List<java.util.Map<String, Object>> files, String comment)
            implements CaseCommand {
        public SupplyEvidence {
            Objects.requireNonNull(supplementId, "supplementId");
            files = List.copyOf(files);
        }
    }

    /**
     * The platform's answer to the enforcement call of an ENFORCED case: {@code confirmed} when it
     * answered 2xx; {@code status} its HTTP status (null when none came), {@code detail} what it said or
     * what went wrong; {@code callId} the delivery that carried the call.
     */
    record RecordEnforcementAnswer(boolean confirmed, String measure, Integer status, String detail, String callId)
            implements CaseCommand {
        public RecordEnforcementAnswer {
            Objects.requireNonNull(callId, "callId");
        }
    }

    /**
     * The developer's contact ({@code from}) hands the current round to a named colleague, who gets a
     * link of its own; the contact's link then only shows the case.
     */
    record Delegate(String from, String name, String email, String reason) implements CaseCommand {
        public Delegate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The sweep reminds a developer of the deadline; {@code offset} is the policy's offset from the
     * deadline that fell due, {@code label} how the policy writes it (e.g. -P7D).
     */
    record Remind(Duration offset, String label) implements CaseCommand {
        public Remind {
            Objects.requireNonNull(offset, "offset");
        }
    }

    /** The developer submits its deletion attestation. */
    record SubmitAttestation(String attestationId, String sha256) implements CaseCommand {
    }

    /** The sweep routes an attested case by the audit policy: to an audit, or straight to VERIFIED. */
    record RouteAttestation(boolean auditSelected, String selectionRule) implements CaseCommand {
    }
}
