package org.datarecall.campaign;

public enum CampaignStatus {
    DRAFT,
    ACTIVE,
    CLOSED
}
