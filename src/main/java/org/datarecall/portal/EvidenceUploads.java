package org.datarecall.portal;

import java.io.InputStream;
import java.time.Clock;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.link.LinkStore;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Takes an evidence file through a developer link, for the API and the portal page alike: the case
 * must take attestations, or have an auditor's open request for more evidence ({@link EvidenceRequests}), the claimed type must be one of ours and the content must be what it
 * claims (see {@link EvidenceType}); the name is made safe ({@link EvidenceName}); a case holds at
 * most {@link #MAX_WAITING} files that no attestation took.
 */
@ApplicationScoped
public class EvidenceUploads {

    /**
     * Files a case may hold unattached at once: an attestation takes at most 20, and a link must not be
     * a way to fill the database (each file up to 25 MiB, kept a day).
     */
    static final int MAX_WAITING = 50;

    @Inject
    CaseRepository cases;

    @Inject
    CampaignRepository campaigns;

    @Inject
    EvidenceStore store;

    @Inject
    EvidenceRequests requests;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    public EvidenceFile upload(LinkStore.ValidLink link, String contentType, String filename, InputStream body) {
        CaseRecord c = cases.find(link.caseId()).orElseThrow(PortalAccess::invalidLink);
        Campaign campaign = campaigns.find(c.campaignId()).orElseThrow();
        if (AttestationBatch.acceptsAttestation(c, campaign)) {
            PortalAccess.requireWritable(link);
        } else if (requests.open(c).isEmpty()) {
            throw ProblemException.conflict("this case no longer takes attestations, nor their evidence");
        }
        if (store.waitingCount(c.id()) >= MAX_WAITING) {
            throw ProblemException.conflict("this case already holds " + MAX_WAITING + " files no attestation has "
                    + "attached; attach them, or wait until they are removed a day after their upload");
        }
        EvidenceType type = EvidenceType.of(contentType).orElseThrow(EvidenceStore::unsupported);
        String name = EvidenceName.sanitize(filename);
        if (name == null) {
            throw EvidenceStore.refused("name the file: the X-Filename header (percent-encoded UTF-8) is required");
        }
        return store.store(new EvidenceStore.Upload(c.id(), link.id(), type, name, config.evidence().maxBytes(),
                Times.stored(clock.instant())), body);
    }
}
