package org.datarecall.dashboard;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.datarecall.platform.http.Violations;
import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.campaign.RowError;
import org.datarecall.casework.ActionRequest;
import org.datarecall.casework.AccessFactsQuery;
import org.datarecall.casework.CaseFilter;
import org.datarecall.casework.domain.FindingKind;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.CaseService;
import org.datarecall.casework.StaleVersion;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.evidence.EventLog;
import org.datarecall.evidence.IntegrityCheck;
import org.datarecall.evidence.IntegrityReport;
import org.datarecall.notice.NoticeQueries;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.Cursors;
import org.datarecall.platform.http.Flash;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Urls;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Times;
import org.datarecall.portal.AttestationStore;
import org.datarecall.portal.EvidenceStore;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;

/**
 * The staff pages: campaigns at a glance, a campaign's cases, a case with its story and the actions
 * the state and the user's role allow. Server-rendered; every form posts with a CSRF token and
 * answers with a redirect (post/redirect/get). Reads run without a transaction of their own.
 */
@Path("/dashboard")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
@Produces(MediaType.TEXT_HTML)
public class DashboardPages {

    static final int PAGE_SIZE = 50;

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance overview(Staff staff, List<CampaignRow> campaigns, boolean sampleOffered);

        static native TemplateInstance campaign(Staff staff, CampaignRow row, CasesTable table, Flash.Message notice,
                List<RowError> importErrors, IntegrityReport integrity);

        static native TemplateInstance casePage(CasePage page);

        static native TemplateInstance refused(Staff staff, String title, String message);
    }

    /** The case list of a campaign page with its filters, its order and the cursor of the next page. */
    public record CasesTable(List<CaseRecord> cases, String state, String riskTier, String overdue, String q,
            String sort, String finding, String unreachable, String next, Instant now) {
        /** Some filter is set (the sort order is not a filter). */
        public boolean filtered() {
            return java.util.stream.Stream.of(state, riskTier, overdue, q, finding, unreachable)
                    .anyMatch(value -> value != null && !value.isBlank());
        }

        /** The report of the cases the filter shows. */
        public String exportLink(UUID campaignId) {
            return "/dashboard/downloads/campaigns/" + campaignId + "/report.csv?state=" + enc(state) + "&riskTier="
                    + enc(riskTier) + "&overdue=" + enc(overdue) + "&q=" + enc(q) + "&finding=" + enc(finding)
                    + "&unreachable=" + enc(unreachable);
        }

        public String nextLink(UUID campaignId) {
            return "/dashboard/campaigns/" + campaignId + "?state=" + enc(state) + "&riskTier=" + enc(riskTier)
                    + "&overdue=" + enc(overdue) + "&q=" + enc(q) + "&sort=" + enc(sort) + "&finding=" + enc(finding)
                    + "&unreachable=" + enc(unreachable) + "&cursor=" + enc(next);
        }

        /** The finding filter's choices: any finding, then each kind. */
        public List<String> findingKinds() {
            List<String> kinds = new java.util.ArrayList<>(List.of(CaseFilter.ANY_FINDING));
            java.util.Arrays.stream(FindingKind.values()).map(Enum::name).forEach(kinds::add);
            return kinds;
        }

        public boolean byDue() {
            return "due".equals(sort);
        }

        public boolean isOverdue(CaseRecord c) {
            return c.snapshot().isOverdue(now);
        }

        public String due(CaseRecord c) {
            return c.snapshot().dueAt() == null ? "—" : CasePage.SHOWN.format(c.snapshot().dueAt());
        }

        public List<String> states() {
            return java.util.Arrays.stream(CaseState.values()).map(Enum::name).toList();
        }
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    CampaignService campaigns;

    @Inject
    CampaignOverview overview;

    @Inject
    CaseRepository cases;

    @Inject
    CaseService caseService;

    @Inject
    EventLog events;

    @Inject
    NoticeQueries notices;

    @Inject
    AttestationStore attestations;

    @Inject
    EvidenceStore evidence;

    @Inject
    ObjectMapper mapper;

    @Inject
    IntegrityCheck integrityCheck;

    @Inject
    AccessFactsQuery access;

    @Inject
    FindingsPages findingsPages;

    @Inject
    Clock clock;

    @Inject
    org.datarecall.platform.config.DataRecallConfig config;

    @GET
    public RestResponse<String> overview(@CookieParam(Csrf.COOKIE) Cookie csrf) {
        Staff staff = staff(csrf);
        List<CampaignRow> rows = campaigns.list(null, 100).items().stream()
                .map(c -> new CampaignRow(c, overview.of(c.id()).summary())).toList();
        return page(staff, Templates.overview(staff, rows, config.demo().sampleCampaign()).render(), 200);
    }

    @GET
    @Path("campaigns/{id}")
    public RestResponse<String> campaign(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrf,
            @QueryParam("state") String state, @QueryParam("riskTier") String riskTier,
            @QueryParam("overdue") String overdue, @QueryParam("q") String q, @QueryParam("sort") String sort,
            @QueryParam("finding") String finding, @QueryParam("cursor") String cursor,
            @CookieParam(Flash.COOKIE) Cookie flash, @QueryParam("integrity") String integrity,
            @QueryParam("unreachable") String unreachable) {
        Staff staff = staff(csrf);
        Campaign campaign = campaignOf(id);
        CasesTable table = table(campaign, state, riskTier, overdue, q, sort, finding, unreachable, cursor);
        IntegrityReport report = "check".equals(integrity) ? integrityCheck.check(campaign.id()) : null;
        CampaignRow row = new CampaignRow(campaign, overview.of(campaign.id()).summary());
        return page(staff, Templates.campaign(staff, row, table, Flash.read(flash, csrf), List.of(), report).render(),
                200);
    }

    @GET
    @Path("campaigns/{id}/findings")
    public RestResponse<String> findings(@PathParam("id") String id, @QueryParam("kind") String kind,
            @QueryParam("cursor") String cursor, @CookieParam(Csrf.COOKIE) Cookie csrf) {
        Staff staff = staff(csrf);
        return page(staff, findingsPages.render(staff, id, choice(FindingKind.class, kind), cursor), 200);
    }

    /** The campaign page after a rejected upload: the rows at fault are listed, nothing was stored. */
    RestResponse<String> campaignWithErrors(Staff staff, UUID campaignId, String message, List<RowError> errors) {
        Campaign campaign = campaigns.find(campaignId).orElseThrow();
        CasesTable table = table(campaign, null, null, null, null, null, null, null, null);
        CampaignRow row = new CampaignRow(campaign, overview.of(campaign.id()).summary());
        return page(staff, Templates.campaign(staff, row, table, new Flash.Message(message, true), errors, null).render(),
                400);
    }

    private CasesTable table(Campaign campaign, String state, String riskTier, String overdue, String q, String sort,
            String finding, String unreachable, String cursor) {
        Instant now = clock.instant();
        String findingShown = CaseFilter.ANY_FINDING.equals(finding) ? finding
                : choice(FindingKind.class, finding) == null ? null : finding;
        CaseFilter filter = new CaseFilter(campaign.id(), choice(CaseState.class, state),
                choice(RiskTier.class, riskTier), "true".equals(overdue) ? Boolean.TRUE : null,
                q == null || q.isBlank() ? null : q.strip().substring(0, Math.min(200, q.strip().length())),
                findingShown, "true".equals(unreachable) ? Boolean.TRUE : null);
        boolean byDue = "due".equals(sort);
        List<CaseRecord> found = byDue ? cases.listByDue(filter, dueCursor(cursor), PAGE_SIZE + 1, now)
                : cases.list(filter, Cursors.decode(cursor), PAGE_SIZE + 1, now);
        boolean more = found.size() > PAGE_SIZE;
        List<CaseRecord> shown = more ? found.subList(0, PAGE_SIZE) : found;
        String next = null;
        if (more) {
            CaseRecord last = shown.getLast();
            next = byDue ? Cursors.encode((last.snapshot().dueAt() == null ? "" : last.snapshot().dueAt().toString())
                    + "|" + last.developer().developerId()) : Cursors.encode(last.developer().developerId());
        }
        return new CasesTable(shown, blank(state), blank(riskTier), blank(overdue), blank(q), byDue ? "due" : "",
                blank(findingShown), "true".equals(unreachable) ? "true" : "", next, now);
    }

    private static CaseRepository.DueCursor dueCursor(String cursor) {
        String key = Cursors.decode(cursor);
        if (key == null || !key.contains("|")) {
            return null;
        }
        String due = key.substring(0, key.indexOf('|'));
        try {
            return new CaseRepository.DueCursor(due.isEmpty() ? null : Instant.parse(due),
                    key.substring(key.indexOf('|') + 1));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @GET
    @Path("cases/{id}")
    public RestResponse<String> kase(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) Cookie csrf,
            @CookieParam(Flash.COOKIE) Cookie flash) {
        Staff staff = staff(csrf);
        CaseRecord c = caseOf(id);
        Flash.Message notice = Flash.read(flash, csrf);
        return page(staff, Templates.casePage(casePage(staff, c, notice == null ? null : notice.text(),
                notice != null && notice.refused(), null)).render(), 200);
    }

    @POST
    @Path("cases/{id}/actions/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> act(@PathParam("id") String id, @PathParam("action") String actionName,
            @CookieParam(Csrf.COOKIE) Cookie csrfCookie,
            @RestForm String version, @RestForm String reason, @RestForm String extension,
            @RestForm String measure, @RestForm String result, @RestForm String method, @RestForm String findings,
            @RestForm String email, @RestForm String ccEmails, @RestForm String text, @RestForm String owner,
            @RestForm String confirm) {
        Staff staff = staff(csrfCookie);
        CaseRecord c = caseOf(id);
        CaseAction action = CaseAction.fromPathName(actionName).orElseThrow(() -> ProblemException.notFound("action"));
        if (!staff.may(action)) {
            return status(403, staff, "Not allowed", "Your role does not allow " + action.pathName() + ".");
        }
        Map<String, String> entered = new LinkedHashMap<>();
        entered.put("reason", reason);
        entered.put("extension", extension);
        entered.put("measure", measure);
        entered.put("result", result);
        entered.put("method", method);
        entered.put("findings", findings);
        entered.put("email", email);
        entered.put("text", text);
        ObjectNode body = mapper.createObjectNode();
        entered.forEach((field, value) -> put(body, field, value));
        if (action == CaseAction.ASSIGN) {
            // An empty field gives the case to nobody; "me" is the one asking (the planner reads it so).
            entered.put("owner", owner);
            body.put("owner", owner == null || owner.isBlank() ? null : owner.strip());
        }
        if (ccEmails != null) {
            // One field on the page for the whole Cc list: addresses apart by commas, semicolons or lines.
            entered.put("ccEmails", ccEmails);
            var list = body.putArray("ccEmails");
            Arrays.stream(ccEmails.split("[,;\\s]+")).filter(a -> !a.isBlank()).forEach(list::add);
        }
        Long expected = version == null || !version.matches("\\d{1,18}") ? null : Long.valueOf(version);
        String where = "/dashboard/cases/" + c.id();
        if ((action == CaseAction.ENFORCE || action == CaseAction.WITHDRAW) && !"yes".equals(confirm)) {
            // Both end the case for good: the page asks for a tick, and so does the server (no script needed).
            var refused = new CasePage.RefusedForm(action.pathName(), entered,
                    Map.of("confirm", "tick the box to confirm: this ends the case and cannot be undone"));
            return page(staff, Templates.casePage(casePage(staff, c, action.pathName()
                    + " was not done: correct the fields marked below.", true, refused)).render(), 400);
        }
        try {
            var command = ActionRequest.parse(action, body, mapper, Times.stored(clock.instant()));
            caseService.act(c.id(), action, command, expected,
                    new CaseService.Actor(identity.getPrincipal().getName(), identity.getRoles()));
        } catch (ProblemException e) {
            Map<String, String> errors = e.violationsByField(DashboardPages::actionField);
            if (!errors.isEmpty()) {
                // The page itself, not a redirect: what was typed stays in the form, beside its problems.
                var refused = new CasePage.RefusedForm(action.pathName(), entered, errors);
                return page(staff, Templates.casePage(casePage(staff, c, action.pathName()
                        + " was not done: correct the fields marked below.", true, refused)).render(), 400);
            }
            return Flash.redirect(where, csrfCookie, refusal(action, e), true);
        } catch (StaleVersion e) {
            return Flash.redirect(where, csrfCookie, action.pathName()
                    + " was not done: the case changed while you were looking at it. "
                    + "This is its current state; check it and act again.", true);
        } catch (DomainError e) {
            return Flash.redirect(where, csrfCookie, action.pathName() + " was not done: "
                    + e.detail(), true);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return Flash.redirect(where, csrfCookie, action.pathName()
                    + " was not done: the form was not complete", true);
        }
        return Flash.redirect(where, csrfCookie, action.pathName() + " done", false);
    }

    /** The form field of an action's violation: the form sets a deadline only by an extension. */
    static String actionField(String apiField) {
        return apiField.equals("dueAt") ? "extension" : apiField;
    }

    private static String refusal(CaseAction action, ProblemException e) {
        return action.pathName() + " was not done: " + e.detail();
    }

    private CasePage casePage(Staff staff, CaseRecord c, String message, boolean refused, CasePage.RefusedForm form) {
        Campaign campaign = campaigns.find(c.campaignId()).orElseThrow();
        return new CasePage(staff, campaign, c, events.history(c.campaignId(), c.id(), 0, 500), notices.ofCase(c.id()),
                attestations.ofCase(c.id()), evidence.attachedOfCase(c.id()), access.of(c.id()),
                message, refused, clock.instant(), form,
                c.parentCaseId() == null ? null : caseService.find(c.parentCaseId()).orElse(null),
                cases.subCases(c.id()));
    }

    /** The signed-in user, with this browser's CSRF token. */
    Staff staff(Cookie csrf) {
        return new Staff(identity.getPrincipal().getName(), identity.getRoles(), Csrf.tokenOf(csrf));
    }

    RestResponse<String> page(Staff staff, String html, int status) {
        return RestResponse.ResponseBuilder.<String> create(status).entity(html).type(MediaType.TEXT_HTML_TYPE)
                .cookie(Csrf.cookie(staff.csrf()), Flash.cleared()).header("Cache-Control", "no-store").build();
    }

    RestResponse<String> status(int status, Staff staff, String title, String message) {
        return RestResponse.ResponseBuilder.<String> create(status)
                .entity(Templates.refused(staff, title, message).render()).type(MediaType.TEXT_HTML_TYPE)
                .cookie(Csrf.cookie(staff.csrf())).build();
    }

    /** The campaign a path names; an id that is not a UUID names none (404, as an unknown one). */
    Campaign campaignOf(String id) {
        return campaigns.require(id);
    }

    private CaseRecord caseOf(String id) {
        return caseService.require(id);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void put(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, Violations.fromForm(value));
        }
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    static String enc(String s) {
        return Urls.queryValue(s);
    }
}
