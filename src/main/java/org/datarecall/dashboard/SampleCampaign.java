package org.datarecall.dashboard;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import org.datarecall.access.AccessRecordImport;
import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRequest;
import org.datarecall.campaign.CampaignService;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.casework.DeveloperImport;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.http.Flash;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Roles;
import org.jboss.resteasy.reactive.RestResponse;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;

/**
 * A sample campaign for someone trying the service (dev mode: {@code datarecall.demo.sample-campaign}):
 * the incident the service was made for — about a hundred developers kept access to group members'
 * names and pictures, eleven of them read them in the last sixty days — as a DRAFT with its developers
 * and the platform's access records, so the first page is not empty. Nothing is sent until someone
 * launches it. Off (404) unless switched on; never on in production.
 */
@Path("/dashboard/sample-campaign")
@RolesAllowed(Roles.MANAGER)
public class SampleCampaign {

    static final int DEVELOPERS = 100;
    static final int RECENT_READERS = 11;

    @Inject
    DataRecallConfig config;

    @Inject
    CampaignService campaigns;

    @Inject
    DeveloperImport developers;

    @Inject
    AccessRecordImport accessRecords;

    @Inject
    DashboardPages pages;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> create(@CookieParam(Csrf.COOKIE) Cookie csrf) {
        if (!config.demo().sampleCampaign()) {
            throw ProblemException.notFound("the sample campaign");
        }
        Staff staff = pages.staff(csrf);
        Instant detected = clock.instant().truncatedTo(ChronoUnit.DAYS);
        // Three transactions (each upload is all or nothing in its own); the sample's rows are fixed and valid.
        Campaign campaign = campaigns.create(new CampaignRequest("Sample: Groups API members kept after revocation",
                "A sample to try the service with: about a hundred developer partners could still read group "
                        + "members' names and profile pictures after the access was meant to end; the platform's "
                        + "logs show eleven of them read them in the last sixty days. Nothing is sent until you "
                        + "launch it; the addresses are example.com.",
                List.of("group member names", "profile pictures"), detected, detected.minus(Duration.ofDays(400)),
                detected, null), staff.name());
        developers.importDevelopers(campaign.id(), csv(developersCsv(detected)), UploadFormat.CSV, staff.name());
        accessRecords.importRecords(campaign.id(), csv(accessCsv(detected)), UploadFormat.CSV, staff.name());
        return Flash.redirect("/dashboard/campaigns/" + campaign.id(), csrf, "Sample campaign created as a DRAFT: "
                + DEVELOPERS + " developers, " + RECENT_READERS + " of them HIGH risk (recent readers).", false);
    }

    private static ByteArrayInputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A hundred developers; the first eleven read the data within the last sixty days. */
    static String developersCsv(Instant detected) {
        StringBuilder csv = new StringBuilder("developerId,name,email,ccEmails,appIds,lastAccessAt\n");
        for (int i = 1; i <= DEVELOPERS; i++) {
            Instant lastAccess = i <= RECENT_READERS ? detected.minus(Duration.ofDays(2L + 5L * i))
                    : detected.minus(Duration.ofDays(120L + i));
            csv.append(String.format(Locale.ROOT, "dev-%03d,Sample Developer %03d,dev%03d@example.com,,app-%03d,%s%n",
                    i, i, i, i, lastAccess));
        }
        return csv.toString();
    }

    /** The platform's daily figures of the recent readers' apps: a week of reads each, before its last access. */
    static String accessCsv(Instant detected) {
        StringBuilder csv = new StringBuilder("appId,day,calls,usersAffected\n");
        for (int i = 1; i <= RECENT_READERS; i++) {
            LocalDate last = LocalDate.ofInstant(detected.minus(Duration.ofDays(2L + 5L * i)), ZoneOffset.UTC);
            for (int d = 0; d < 7; d++) {
                csv.append(String.format(Locale.ROOT, "app-%03d,%s,%d,%d%n", i, last.minusDays(d), 40 + 7 * i + d,
                        12 + i * 3));
            }
        }
        return csv.toString();
    }
}
