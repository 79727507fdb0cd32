package org.datarecall.casework;

import org.datarecall.platform.error.DomainError;

/** No case has this id (an id that is not a UUID names none either). */
public class CaseNotFound extends DomainError.NotFound {
    public CaseNotFound(Object id) {
        super("case " + id);
    }
}
