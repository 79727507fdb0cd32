package org.datarecall.portal;

import java.time.Clock;
import java.util.List;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.link.LinkStore;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads what a developer link may show. */
@ApplicationScoped
public class PortalService {

    @Inject
    CaseRepository cases;

    @Inject
    CampaignRepository campaigns;

    @Inject
    AttestationStore attestations;

    @Inject
    EvidenceStore evidence;

    @Inject
    EvidenceRequests requests;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    public PortalCase read(LinkStore.ValidLink link) {
        CaseRecord c = cases.find(link.caseId()).orElseThrow(PortalAccess::invalidLink);
        Campaign campaign = campaigns.find(c.campaignId()).orElseThrow();
        Attestation attestation = attestations.forRound(c.id(), link.round()).orElse(null);
        return PortalCase.of(config.platformName(), campaign, c, attestation,
                attestation == null ? List.of() : evidence.attachedTo(attestation.id()), link,
                requests.open(c).orElse(null), Times.stored(clock.instant()));
    }
}
