package org.datarecall.casework;

import java.time.Instant;

import org.datarecall.casework.domain.CaseEvent;
import org.datarecall.casework.domain.CaseSnapshot;
import org.datarecall.casework.domain.CaseTimers;

/** One accepted decision, ready to be stored: the case as it was, the event, and where it leads. */
public record CaseTransition(CaseRecord before, CaseEvent event, CaseSnapshot next, CaseTimers nextTimers,
        String actor, Instant at) {
}
