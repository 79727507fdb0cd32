package org.datarecall.casework;

import java.util.Map;

import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.Decision;
import org.datarecall.platform.error.DomainError;

/** The state machine refused a command: the answer names the case's state and what it allows. */
public class TransitionRefused extends DomainError.Refused {

    private final Decision.Rejected rejection;

    public TransitionRefused(Decision.Rejected rejection) {
        super("action-refused", "Action not allowed", rejection.reason());
        this.rejection = rejection;
    }

    public Decision.Rejected rejection() {
        return rejection;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("currentState", rejection.currentState().name(),
                "allowedActions", rejection.allowedActions().stream().map(CaseAction::pathName).toList());
    }
}
