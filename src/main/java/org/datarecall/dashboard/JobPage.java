package org.datarecall.dashboard;

import java.util.List;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.ImportResult;
import org.datarecall.casework.BulkActions;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.job.Job;
import org.datarecall.job.JobError;
import org.datarecall.job.JobKind;
import org.datarecall.job.JobResource;
import org.datarecall.job.JobStore;
import org.datarecall.job.JobView;
import org.datarecall.platform.http.Flash;
import org.datarecall.platform.http.Roles;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;

/**
 * A job's page: a progress bar that refreshes itself every few seconds while the job runs (a meta
 * refresh, no script), then what it did and the first problems it met.
 */
@Path("/dashboard/jobs/{id}")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
@Produces(MediaType.TEXT_HTML)
public class JobPage {

    /** Problems shown on the page; the API lists every one. */
    static final int ERRORS_SHOWN = 100;

    /** What the page shows. {@code refreshSeconds} is 0 once the job is finished. */
    public record View(Staff staff, JobView job, Campaign campaign, String what, List<JobError> errors,
            boolean moreErrors, int refreshSeconds, Flash.Message notice, String imported) {

        /** An instant as the pages show one: to the minute, the zone named. */
        public String at(java.time.Instant instant) {
            return instant == null ? "" : CasePage.SHOWN.format(instant);
        }
    }

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance job(View page);
    }

    @Inject
    JobStore jobs;

    @Inject
    DashboardPages pages;

    @Inject
    ObjectMapper mapper;

    @GET
    public RestResponse<String> show(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrf,
            @CookieParam(Flash.COOKIE) Cookie flash) {
        Staff staff = pages.staff(csrf);
        Job job = JobResource.require(jobs, id);
        List<JobError> errors = jobs.errors(job.id(), 0, ERRORS_SHOWN + 1);
        boolean more = errors.size() > ERRORS_SHOWN;
        View view = new View(staff, JobView.of(job), pages.campaignOf(job.campaignId().toString()), what(job),
                more ? errors.subList(0, ERRORS_SHOWN) : errors, more, job.state().finished() ? 0 : 2,
                Flash.read(flash, csrf), imported(job));
        return pages.page(staff, Templates.job(view).render(), 200);
    }

    /** An import's answer in words; null for anything else. */
    private String imported(Job job) {
        if (job.kind() != JobKind.IMPORT || job.result() == null) {
            return null;
        }
        try {
            ImportResult r = mapper.readValue(job.result(), ImportResult.class);
            return r.created() + " new, " + r.updated() + " updated, " + r.unchanged() + " unchanged";
        } catch (JsonProcessingException e) {
            return job.result();
        }
    }

    /** The job in words: "Extend the deadline" or "Import of developers". */
    private String what(Job job) {
        if (job.kind() == JobKind.IMPORT) {
            return "Import of developers";
        }
        try {
            BulkActions.Stored stored = mapper.readValue(job.request(), BulkActions.Stored.class);
            return CaseAction.fromPathName(stored.action()).map(Words::words).orElse(stored.action());
        } catch (JsonProcessingException e) {
            return "Bulk action";
        }
    }
}
