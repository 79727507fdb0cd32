package org.datarecall.casework;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.platform.error.DomainError;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * A follow-up campaign (the yearly re-attestation): a DRAFT with the source campaign's policy and the
 * developers of its cases that match a filter, as they stand now (contacts, apps, last access, language).
 * The developers go through the developer import, as if uploaded, so they are checked and opened as any
 * import's are; they are spooled to a temporary file first, so the heap stays flat at any size. All in
 * one transaction: a follow-up that fails leaves no campaign behind.
 */
@ApplicationScoped
public class FollowUp {

    private static final int PAGE = 5_000;

    @Inject
    CampaignService campaigns;

    @Inject
    CaseRepository cases;

    @Inject
    DeveloperImport developerImport;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /** The follow-up of {@code source} with the developers of the cases matching {@code filter}. */
    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public Campaign create(Campaign source, CaseFilter filter, String title, String actor) {
        Path spool = null;
        try {
            spool = Files.createTempFile("follow-up-", ".json");
            long developers;
            try (OutputStream out = Files.newOutputStream(spool)) {
                developers = writeDevelopers(filter, out);
            }
            if (developers == 0) {
                throw new DomainError.Refused("no case of campaign " + source.id()
                        + " matches the filter; no follow-up was created");
            }
            Campaign followUp = campaigns.createFollowUp(source, title, actor);
            try (InputStream in = Files.newInputStream(spool)) {
                developerImport.importWithin(followUp.id(), in, UploadFormat.JSON, actor);
            }
            return followUp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a temporary file the system cleans up
                }
            }
        }
    }

    /** The matching cases' developers as the import's JSON array, page by page; answers how many. */
    private long writeDevelopers(CaseFilter filter, OutputStream out) throws IOException {
        Instant now = clock.instant();
        long written = 0;
        try (JsonGenerator array = json.getFactory().createGenerator(out)) {
            array.writeStartArray();
            String after = null;
            List<CaseRecord> page;
            do {
                page = cases.list(filter, after, PAGE, now);
                for (CaseRecord c : page) {
                    Developer d = c.developer();
                    array.writeStartObject();
                    array.writeStringField("developerId", d.developerId());
                    array.writeStringField("name", d.name());
                    array.writeStringField("email", d.email());
                    array.writeArrayFieldStart("ccEmails");
                    for (String cc : d.ccEmails()) {
                        array.writeString(cc);
                    }
                    array.writeEndArray();
                    array.writeArrayFieldStart("appIds");
                    for (String app : d.appIds()) {
                        array.writeString(app);
                    }
                    array.writeEndArray();
                    if (d.lastAccessAt() != null) {
                        array.writeStringField("lastAccessAt", d.lastAccessAt().toString());
                    }
                    array.writeStringField("locale", d.requestedLocale() != null ? d.requestedLocale() : d.locale());
                    array.writeEndObject();
                    written++;
                }
                after = page.isEmpty() ? after : page.getLast().developer().developerId();
            } while (page.size() == PAGE);
            array.writeEndArray();
        }
        return written;
    }
}
