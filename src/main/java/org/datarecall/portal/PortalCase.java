package org.datarecall.portal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.casework.CaseRecord;
import org.datarecall.link.LinkStore;

/**
 * What a developer link shows: its own case only — the campaign, the deadline, the state and, once
 * submitted, the receipt of this round's attestation. {@code delegatedTo} names the colleague this
 * round was handed to when the link is the contact's: it then only shows the case; {@code delegate}
 * says the link is the delegate's own; {@code locale} is the language the page and mails are written in;
 * {@code evidenceRequest} is an auditor's open request for more evidence, with the files sent for it.
 */
public record PortalCase(
        UUID caseId,
        String platform,
        CampaignPart campaign,
        DeveloperPart developer,
        String state,
        int round,
        Instant dueAt,
        boolean overdue,
        boolean acceptsAttestation,
        Receipt receipt,
        Instant linkExpiresAt,
        String delegatedTo,
        boolean delegate,
        String locale,
        EvidenceRequests.Open evidenceRequest) {

    public record CampaignPart(String title, String description, List<String> dataCategories, Instant exposureStart,
            Instant exposureEnd) {
    }

    public record DeveloperPart(String developerId, String name) {
    }

    /** The answer to a submission, and what the link shows of it afterwards: with each attached file's digest. */
    public record Receipt(UUID attestationId, Instant receivedAt, String sha256, boolean late,
            List<EvidenceFile.Uploaded> evidence) {
        static Receipt of(Attestation a, List<EvidenceFile> files) {
            return new Receipt(a.id(), a.receivedAt(), a.sha256(), a.late(),
                    files.stream().map(EvidenceFile.Uploaded::of).toList());
        }
    }

    static PortalCase of(String platform, Campaign campaign, CaseRecord c, Attestation attestation,
            List<EvidenceFile> attached, LinkStore.ValidLink link, EvidenceRequests.Open request, Instant now) {
        return new PortalCase(c.id(), platform,
                new CampaignPart(campaign.title(), campaign.description(), campaign.dataCategories(),
                        campaign.exposureStart(), campaign.exposureEnd()),
                new DeveloperPart(c.developer().developerId(), c.developer().name()),
                c.snapshot().state().name(), c.snapshot().round(), c.snapshot().dueAt(), c.snapshot().isOverdue(now),
                AttestationBatch.acceptsAttestation(c, campaign) && !link.readOnly(), attestation == null ? null : Receipt.of(attestation, attached),
                link.expiresAt(), link.delegatedTo(), link.delegate(), c.developer().language().tag(), request);
    }
}
