package org.datarecall.casework.domain;

import java.util.Set;

/** What the state machine answers to a command: the event to append, or why not. */
public sealed interface Decision {

    record Accepted(CaseEvent event, CaseSnapshot next) implements Decision {
    }

    /** The command is not allowed in the case's current state; nothing changes. */
    record Rejected(CaseState currentState, Set<CaseAction> allowedActions, String reason) implements Decision {
    }
}
