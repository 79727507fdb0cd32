package org.datarecall.casework;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Work that falls due on cases, each kind one index range of the case table; the sweep claims it
 * through {@link CaseRepository#claim}.
 */
public sealed interface DueWork {

    /** The condition on {@code dr_case} and its parameters. States are written as literals so partial indexes apply. */
    String where();

    List<Object> params();

    /** PENDING cases of a launched campaign: the revocation notice. */
    record Pending(UUID campaignId) implements DueWork {
        public String where() {
            return "campaign_id = ? AND state = 'PENDING'";
        }

        public List<Object> params() {
            return List.of(campaignId);
        }
    }

    /** NOTIFIED cases whose deletion-request delay has passed. */
    record NotifiedBy(UUID campaignId, Instant enteredBy) implements DueWork {
        public String where() {
            return "campaign_id = ? AND state = 'NOTIFIED' AND state_since <= ?";
        }

        public List<Object> params() {
            return List.of(campaignId, enteredBy);
        }
    }

    /** DELETION_REQUESTED cases silent past their escalation time. */
    record EscalationDue(Instant now) implements DueWork {
        public String where() {
            return "state = 'DELETION_REQUESTED' AND escalate_at <= ?";
        }

        public List<Object> params() {
            return List.of(now);
        }
    }

    /** DELETION_REQUESTED cases with a reminder due. */
    record ReminderDue(Instant now) implements DueWork {
        public String where() {
            return "state = 'DELETION_REQUESTED' AND next_reminder_at <= ?";
        }

        public List<Object> params() {
            return List.of(now);
        }
    }

    /**
     * ATTESTED cases to route to an audit or to VERIFIED; a case whose sub-cases (the third parties it
     * passed the data on to) are still open waits for them. An escalated one no longer holds it back:
     * it becomes the parent's ONWARD_UNRESOLVED finding.
     */
    record AttestedBy(Instant now) implements DueWork {
        public String where() {
            return "state = 'ATTESTED' AND state_since <= ? AND NOT EXISTS (SELECT 1 FROM dr_case sub "
                    + "WHERE sub.parent_case_id = dr_case.id "
                    + "AND sub.state IN ('PENDING', 'NOTIFIED', 'DELETION_REQUESTED', 'ATTESTED', 'AUDIT_PENDING'))";
        }

        public List<Object> params() {
            return List.of(now);
        }
    }
}
