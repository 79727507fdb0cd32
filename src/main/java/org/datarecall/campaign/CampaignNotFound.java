package org.datarecall.campaign;

import org.datarecall.platform.error.DomainError;

/** No campaign has this id (an id that is not a UUID names none either). */
public class CampaignNotFound extends DomainError.NotFound {
    public CampaignNotFound(Object id) {
        super("campaign " + id);
    }
}
