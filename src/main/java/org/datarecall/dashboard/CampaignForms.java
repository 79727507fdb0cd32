package org.datarecall.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.campaign.ImportResult;
import org.datarecall.campaign.RowError;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.casework.CaseFilter;
import org.datarecall.casework.AsyncImports;
import org.datarecall.casework.DeveloperImport;
import org.datarecall.job.Job;
import org.datarecall.casework.FollowUp;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.Flash;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.datarecall.access.AccessRecordImport;
import org.datarecall.access.RevocationImport;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.datarecall.checkpoint.CheckpointService;
import org.datarecall.evidence.Checkpoint;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;

/**
 * What a manager does to a campaign in the browser: create it (errors next to their fields), upload
 * its developers as a CSV file (every rejected row listed), launch it and close it (each confirmed
 * with a tick, since no script asks). Every form carries the CSRF token and ends in a redirect.
 */
@Path("/dashboard")
@RolesAllowed(Roles.MANAGER)
@Produces(MediaType.TEXT_HTML)
public class CampaignForms {

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance newCampaign(Staff staff, CampaignForm form, Map<String, String> errors);
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    CampaignService campaigns;

    @Inject
    DeveloperImport developerImport;

    @Inject
    AsyncImports asyncImports;

    @Inject
    AccessRecordImport accessRecords;

    @Inject
    RevocationImport revocations;

    @Inject
    DashboardPages pages;

    @GET
    @Path("campaigns/new")
    public RestResponse<String> newCampaign(@CookieParam(Csrf.COOKIE) Cookie csrf) {
        Staff staff = staff(csrf);
        return pages.page(staff, Templates.newCampaign(staff, CampaignForm.empty(), Map.of()).render(), 200);
    }

    @POST
    @Path("campaigns")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> create(@CookieParam(Csrf.COOKIE) Cookie csrfCookie,
            @RestForm String title, @RestForm String description, @RestForm String dataCategories,
            @RestForm String detectedAt, @RestForm String exposureStart, @RestForm String exposureEnd,
            @RestForm String attestationWindow, @RestForm String reminderOffsets, @RestForm String escalateAfter,
            @RestForm String deletionRequestDelay, @RestForm String recentAccessWindow, @RestForm String auditMode,
            @RestForm String sampleRate, @RestForm String alwaysAuditHighRisk, @RestForm String maxReRequests,
            @RestForm String attestationWindowDays, @RestForm String attestationWindowHours,
            @RestForm String escalateAfterDays, @RestForm String escalateAfterHours,
            @RestForm String deletionRequestDelayDays, @RestForm String deletionRequestDelayHours,
            @RestForm String recentAccessWindowDays, @RestForm String recentAccessWindowHours) {
        Staff staff = staff(csrfCookie);
        Violations unreadable = new Violations();
        // The page asks for days and hours; the policy keeps ISO-8601.
        CampaignForm form = new CampaignForm(title, description, dataCategories, detectedAt, exposureStart, exposureEnd,
                DaysHours.iso("attestationWindow", attestationWindowDays, attestationWindowHours, attestationWindow,
                        unreadable),
                reminderOffsets,
                DaysHours.iso("escalateAfter", escalateAfterDays, escalateAfterHours, escalateAfter, unreadable),
                DaysHours.iso("deletionRequestDelay", deletionRequestDelayDays, deletionRequestDelayHours,
                        deletionRequestDelay, unreadable),
                DaysHours.iso("recentAccessWindow", recentAccessWindowDays, recentAccessWindowHours, recentAccessWindow,
                        unreadable),
                auditMode, sampleRate, alwaysAuditHighRisk, maxReRequests);
        var request = form.toRequest(unreadable);
        if (!unreadable.isEmpty()) {
            // Every mistake at once: what the policy's own check says of the rest, then the unreadable fields.
            Map<String, String> errors = new java.util.LinkedHashMap<>();
            for (Runnable check : List.<Runnable> of(() -> request.check(clock.instant()), unreadable::throwIfAny)) {
                try {
                    check.run();
                } catch (ProblemException e) {
                    errors.putAll(e.violationsByField(CampaignForm::field));
                }
            }
            return pages.page(staff, Templates.newCampaign(staff, form, errors).render(), 400);
        }
        try {
            Campaign created = campaigns.create(request, identity.getPrincipal().getName());
            return Flash.redirect("/dashboard/campaigns/" + created.id(), csrfCookie,
                    "Campaign created as a DRAFT. Upload its developers, then launch it.", false);
        } catch (ProblemException e) {
            return pages.page(staff, Templates.newCampaign(staff, form, e.violationsByField(CampaignForm::field)).render(), 400);
        }
    }

    @POST
    @Path("campaigns/{id}/developers")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public RestResponse<String> upload(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrfCookie,
            @RestForm("file") FileUpload file, @RestForm String background) throws IOException {
        if ("yes".equals(background) && file != null && file.size() > 0) {
            // Stored now, imported by a job (all or nothing as ever): the page follows it instead of waiting.
            Staff staff = staff(csrfCookie);
            Campaign campaign = campaigns.require(id);
            try (InputStream in = Files.newInputStream(file.uploadedFile())) {
                Job job = asyncImports.accept(campaign, in, UploadFormat.CSV, identity.getPrincipal().getName());
                return Flash.redirect("/dashboard/jobs/" + job.id(), csrfCookie,
                        "Upload stored: it is imported in the background, all or nothing.", false);
            } catch (DomainError e) {
                return pages.campaignWithErrors(staff, campaign.id(), "Nothing was imported: " + e.detail() + ".",
                        List.of());
            }
        }
        return uploaded(id, csrfCookie, file, "a CSV file", "imported", (campaignId, in, actor) -> {
            ImportResult r = developerImport.importDevelopers(campaignId, in, UploadFormat.CSV, actor);
            return "Imported: " + r.created() + " new, " + r.updated() + " updated, " + r.unchanged() + " unchanged.";
        });
    }

    @POST
    @Path("campaigns/{id}/access-records")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public RestResponse<String> uploadAccessRecords(@PathParam("id") String id,
            @CookieParam(Csrf.COOKIE) Cookie csrfCookie,
            @RestForm("file") FileUpload file) throws IOException {
        return uploaded(id, csrfCookie, file, "a CSV file", "recorded", (campaignId, in, actor) -> {
            AccessRecordImport.Result r = accessRecords.importRecords(campaignId, in, UploadFormat.CSV, actor);
            return "Access records: " + r.created() + " new, " + r.replaced() + " replaced, " + r.unchanged()
                    + " unchanged.";
        });
    }

    @POST
    @Path("campaigns/{id}/revocations")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public RestResponse<String> uploadRevocations(@PathParam("id") String id,
            @CookieParam(Csrf.COOKIE) Cookie csrfCookie,
            @RestForm("file") FileUpload file) throws IOException {
        return uploaded(id, csrfCookie, file, "a JSON file", "recorded", (campaignId, in, actor) ->
                "Revocations recorded: " + revocations.record(campaignId, in, actor).recorded() + ".");
    }

    /** What an upload form stores; answers the message the campaign page shows. */
    private interface Upload {
        String store(UUID campaignId, InputStream in, String actor);
    }

    /** An upload form: the file streamed from where the server put it; every rejected row listed on the page. */
    private RestResponse<String> uploaded(String id, Cookie csrfCookie, FileUpload file, String expected,
            String verb, Upload upload) throws IOException {
        Staff staff = staff(csrfCookie);
        UUID campaignId = existing(id);
        if (file == null || file.size() == 0) {
            return back(campaignId, csrfCookie, true, "Choose " + expected + " to upload.");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return back(campaignId, csrfCookie, false, upload.store(campaignId, in, identity.getPrincipal().getName()));
        } catch (ProblemException e) {
            @SuppressWarnings("unchecked")
            List<RowError> errors = (List<RowError>) e.extensions().getOrDefault("errors", List.of());
            return pages.campaignWithErrors(staff, campaignId, "Nothing was " + verb + ": " + e.detail() + ".", errors);
        } catch (DomainError e) {
            return pages.campaignWithErrors(staff, campaignId, "Nothing was " + verb + ": " + e.detail() + ".",
                    List.of());
        }
    }

    @POST
    @Path("campaigns/{id}/launch")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> launch(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrfCookie, @RestForm String confirm) {
        return confirmed(id, csrfCookie, confirm, "launch", campaigns::launch,
                "Launched: the sweep notifies every developer within a minute.");
    }

    @POST
    @Path("campaigns/{id}/close")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> close(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrfCookie, @RestForm String confirm) {
        return confirmed(id, csrfCookie, confirm, "close", campaigns::close,
                "Closed: its cases no longer change.");
    }

    @Inject
    FollowUp followUp;

    /** A follow-up DRAFT of the cases picked by state and risk tier; the manager lands on its page. */
    @POST
    @Path("campaigns/{id}/follow-up")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> followUp(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrfCookie,
            @RestForm String title, @RestForm String state, @RestForm String riskTier) {
        staff(csrfCookie);
        UUID campaignId = existing(id);
        Violations v = new Violations();
        CaseFilter filter = new CaseFilter(campaignId, v.choice(CaseState.class, "state", blankToNull(state), false),
                v.choice(RiskTier.class, "riskTier", blankToNull(riskTier), false), null, null);
        if (!v.isEmpty()) {
            return back(campaignId, csrfCookie, true, "No follow-up: pick a state and a risk tier from the lists.");
        }
        try {
            Campaign created = followUp.create(campaigns.require(id), filter, title, identity.getPrincipal().getName());
            return Flash.redirect("/dashboard/campaigns/" + created.id(), csrfCookie,
                    "Follow-up created as a DRAFT with the developers you picked. Check it, then launch it.", false);
        } catch (DomainError e) {
            return back(campaignId, csrfCookie, true, "No follow-up: " + e.detail() + ".");
        } catch (ProblemException e) {
            return back(campaignId, csrfCookie, true, "No follow-up: " + e.detail() + ".");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @POST
    @Path("campaigns/{id}/checkpoint")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> checkpoint(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrfCookie) {
        return done(id, csrfCookie, campaignId -> {
            Checkpoint taken = checkpoints.take(campaignId, identity.getPrincipal().getName(), null).orElseThrow();
            return "Checkpoint signed: " + taken.cases() + " cases, " + taken.events() + " events, root "
                    + java.util.HexFormat.of().formatHex(taken.root()).substring(0, 16) + "…";
        });
    }

    @Inject
    CheckpointService checkpoints;

    @Inject
    org.datarecall.notice.Outbox outbox;

    @Inject
    java.time.Clock clock;

    @POST
    @Path("campaigns/{id}/retry-failed")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> retryFailed(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrfCookie) {
        return done(id, csrfCookie, campaignId -> pages.campaignOf(id).status() == CampaignStatus.CLOSED
                ? "Nothing was sent again: the campaign is CLOSED."
                : outbox.requeueFailed(campaignId, org.datarecall.platform.jdbc.Times.stored(clock.instant()))
                        + " failed mail(s) are back in the queue.");
    }

    /** A form that needs no confirmation: checked, done, and the campaign page told what it did. */
    private RestResponse<String> done(String id, Cookie csrfCookie,
            java.util.function.Function<UUID, String> action) {
        Staff staff = staff(csrfCookie);
        UUID campaignId = existing(id);
        return back(campaignId, csrfCookie, false, action.apply(campaignId));
    }

    private RestResponse<String> confirmed(String id, Cookie csrfCookie, String confirm, String what,
            java.util.function.Consumer<UUID> action, String done) {
        Staff staff = staff(csrfCookie);
        UUID campaignId = existing(id);
        if (!"yes".equals(confirm)) {
            return back(campaignId, csrfCookie, true, "Tick the box to confirm " + what + ".");
        }
        try {
            action.accept(campaignId);
            return back(campaignId, csrfCookie, false, done);
        } catch (ProblemException | DomainError e) {
            return back(campaignId, csrfCookie, true, "Not done: " + e.getMessage());
        }
    }

    @Inject
    CampaignOverview overview;

    private RestResponse<String> back(UUID campaignId, Cookie csrfCookie, boolean refused, String message) {
        // The counts the next page shows must include what was just done.
        overview.fresh(campaignId);
        return Flash.redirect("/dashboard/campaigns/" + campaignId, csrfCookie, message, refused);
    }

    private UUID existing(String id) {
        return pages.campaignOf(id).id();
    }

    private Staff staff(Cookie csrf) {
        return pages.staff(csrf);
    }

}
