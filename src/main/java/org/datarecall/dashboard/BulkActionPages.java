package org.datarecall.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.datarecall.campaign.Campaign;
import org.datarecall.casework.ActionRequest;
import org.datarecall.casework.BulkActions;
import org.datarecall.casework.CaseFilter;
import org.datarecall.casework.CaseFilterRequest;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.job.Job;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.Flash;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;

/**
 * A bulk action in the browser: the campaign page's filter and a chosen action lead to a confirmation
 * page that says how many cases will change and how many will be refused before anything does; its
 * form starts the job, and the browser lands on the job's page.
 */
@Path("/dashboard/campaigns/{id}/bulk-actions")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR })
@Produces(MediaType.TEXT_HTML)
public class BulkActionPages {

    /** The filter as the campaign page's form sends it, kept through the confirmation. */
    public record FilterFields(String state, String riskTier, String overdue, String q, String finding,
            String unreachable, String owner) {

        CaseFilterRequest request() {
            return new CaseFilterRequest(blank(state), blank(riskTier), "true".equals(overdue) ? Boolean.TRUE : null,
                    blank(q), blank(finding), "true".equals(unreachable) ? Boolean.TRUE : null, blank(owner));
        }

        /** The filter in words: "every case", or "state ESCALATED, risk HIGH, overdue". */
        public String words() {
            List<String> parts = new ArrayList<>();
            if (blank(state) != null) {
                parts.add("state “" + Words.state(state.strip()) + "”");
            }
            if (blank(riskTier) != null) {
                parts.add("risk " + riskTier);
            }
            if ("true".equals(overdue)) {
                parts.add("overdue");
            }
            if ("true".equals(unreachable)) {
                parts.add("unreachable");
            }
            if (blank(finding) != null) {
                parts.add("finding " + finding);
            }
            if (blank(q) != null) {
                parts.add("matching “" + q.strip() + "”");
            }
            if (blank(owner) != null) {
                parts.add("me".equals(owner.strip()) ? "looked after by you"
                        : "-".equals(owner.strip()) ? "looked after by nobody" : "looked after by " + owner.strip());
            }
            return parts.isEmpty() ? "every case of the campaign" : "the cases with " + String.join(", ", parts);
        }

        private static String blank(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /** What the confirmation page shows; {@code entered} and {@code errors} by form field. */
    public record Confirmation(Staff staff, Campaign campaign, String action, String actionWords,
            List<Choice> choices, FilterFields filter, BulkActions.Preview preview, Map<String, String> entered,
            Map<String, String> errors, String message) {

        public String entered(String field) {
            return entered.getOrDefault(field, "");
        }

        /** Whom the assignment form gives the cases to: what was typed, else the one asking. */
        public String assignTo() {
            String typed = entered.get("assignTo");
            return typed == null ? "me" : typed;
        }

        public String error(String field) {
            return errors.get(field);
        }

        public boolean chosen(String field, String value) {
            return value.equals(entered.get(field));
        }

        /** The action can change something: some matching case is in a state that allows it. */
        public boolean changesSomething() {
            return preview != null && preview.allowed() > 0;
        }
    }

    /** An action a staff member may run in bulk, with its words. */
    public record Choice(String name, String words) {
    }

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance bulkAction(Confirmation page);
    }

    @Inject
    DashboardPages pages;

    @Inject
    BulkActions bulk;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    /** The confirmation: nothing changes here; the counts are those of the cases as they are now. */
    @GET
    public RestResponse<String> confirm(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrf,
            @QueryParam("action") String action, @QueryParam("state") String state,
            @QueryParam("riskTier") String riskTier, @QueryParam("overdue") String overdue, @QueryParam("q") String q,
            @QueryParam("finding") String finding, @QueryParam("unreachable") String unreachable,
            @QueryParam("owner") String owner) {
        Staff staff = pages.staff(csrf);
        Campaign campaign = pages.campaignOf(id);
        FilterFields filter = new FilterFields(state, riskTier, overdue, q, finding, unreachable, owner);
        return render(staff, campaign, action, filter, Map.of(), Map.of(), null, 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> start(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrf,
            @RestForm String action, @RestForm String state, @RestForm String riskTier, @RestForm String overdue,
            @RestForm String q, @RestForm String finding, @RestForm String unreachable, @RestForm String owner,
            @RestForm String reason, @RestForm String text, @RestForm String assignTo,
            @RestForm String extensionDays, @RestForm String measure, @RestForm String result,
            @RestForm String method, @RestForm String findings) {
        Staff staff = pages.staff(csrf);
        Campaign campaign = pages.campaignOf(id);
        FilterFields filter = new FilterFields(state, riskTier, overdue, q, finding, unreachable, owner);
        CaseAction chosen = allowedChoice(staff, action);
        if (chosen == null) {
            return render(staff, campaign, null, filter, Map.of(), Map.of(), "Choose one of the actions listed.", 400);
        }
        Map<String, String> entered = new LinkedHashMap<>();
        entered.put("reason", reason);
        entered.put("extensionDays", extensionDays);
        entered.put("measure", measure);
        entered.put("result", result);
        entered.put("method", method);
        entered.put("findings", findings);
        entered.put("text", text);
        entered.put("assignTo", assignTo);
        ObjectNode body = body(entered);
        Instant now = clock.instant();
        try {
            ActionRequest.parse(chosen, body, mapper, now);
            Violations v = new Violations();
            CaseFilterRequest filterRequest = filter.request();
            CaseFilter caseFilter = filterRequest.toFilter(campaign.id(), "filter", staff.name(), v);
            v.throwIfAny();
            Job job = bulk.start(campaign, chosen, body, filterRequest, caseFilter, staff.name(), now);
            return Flash.redirect("/dashboard/jobs/" + job.id(), csrf, Words.words(chosen) + ": started for "
                    + job.total() + " cases.", false);
        } catch (ProblemException e) {
            Map<String, String> errors = e.violationsByField(
                    f -> f.equals("extension") ? "extensionDays" : f.equals("owner") ? "assignTo" : f);
            return render(staff, campaign, chosen.pathName(), filter, entered, errors,
                    "Nothing was started: " + (errors.isEmpty() ? e.detail() : "correct the fields marked below."),
                    400);
        } catch (DomainError e) {
            return render(staff, campaign, chosen.pathName(), filter, entered, Map.of(),
                    "Nothing was started: " + e.detail() + ".", 409);
        } catch (JsonProcessingException e) {
            return render(staff, campaign, chosen.pathName(), filter, entered, Map.of(),
                    "Nothing was started: the form was not complete.", 400);
        }
    }

    /** The action's body as the API takes it: days become an ISO duration, empty fields are left out. */
    private ObjectNode body(Map<String, String> entered) {
        ObjectNode body = mapper.createObjectNode();
        entered.forEach((field, value) -> {
            if (field.equals("assignTo")) {
                // Empty gives the cases to nobody; "me" is the one asking (the planner reads it so).
                if (value != null) {
                    body.put("owner", value.isBlank() ? null : value.strip());
                }
                return;
            }
            if (value == null || value.isBlank()) {
                return;
            }
            if (field.equals("extensionDays")) {
                body.put("extension", value.strip().matches("\\d{1,4}") ? "P" + value.strip() + "D" : value.strip());
            } else {
                body.put(field, value);
            }
        });
        return body;
    }

    private RestResponse<String> render(Staff staff, Campaign campaign, String action, FilterFields filter,
            Map<String, String> entered, Map<String, String> errors, String message, int status) {
        CaseAction chosen = allowedChoice(staff, action);
        BulkActions.Preview preview = null;
        Map<String, String> allErrors = new LinkedHashMap<>(errors);
        if (chosen != null) {
            Violations v = new Violations();
            CaseFilter caseFilter = filter.request().toFilter(campaign.id(), "filter", staff.name(), v);
            if (v.isEmpty()) {
                preview = bulk.preview(caseFilter, chosen, clock.instant());
            } else {
                allErrors.put("filter", "The filter is not one the campaign page offers; go back and filter again.");
            }
        }
        List<Choice> choices = BulkActions.bulkActions().stream().filter(staff::may)
                .map(a -> new Choice(a.pathName(), Words.words(a))).toList();
        Confirmation page = new Confirmation(staff, campaign, chosen == null ? null : chosen.pathName(),
                chosen == null ? null : Words.words(chosen), choices, filter, preview, entered, allErrors, message);
        return pages.page(staff, Templates.bulkAction(page).render(), status);
    }

    private static CaseAction allowedChoice(Staff staff, String action) {
        if (action == null) {
            return null;
        }
        return CaseAction.fromPathName(action.strip()).filter(BulkActions.bulkActions()::contains).filter(staff::may)
                .orElse(null);
    }
}
