package org.datarecall.portal;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.datarecall.link.LinkStore;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.Times;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The developer's page behind the link in the mail: server-rendered, no script. A submission
 * answers with a redirect to the same page (post-redirect-get), which then shows the receipt; a
 * submission with mistakes shows the form again with each problem next to its field. The token
 * in the path is the only key and no cookie is used, so another site cannot post on a
 * developer's behalf without already knowing the link.
 */
@Path("/attest/{token}")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class PortalPage {

    @CheckedTemplate(basePath = "portal")
    static class Templates {
        static native TemplateInstance attest(AttestPage page);

        static native TemplateInstance unavailable(String title, String message);
    }

    @Inject
    PortalAccess access;

    @Inject
    PortalService portal;

    @Inject
    AttestationService attestations;

    @Inject
    Clock clock;

    @GET
    public RestResponse<String> show(@PathParam("token") String token, @Context HttpServerRequest request) {
        LinkStore.ValidLink link;
        try {
            link = access.open(token, PortalResource.client(request));
        } catch (ProblemException e) {
            return unavailable(e);
        }
        return page(200, token, portal.read(link), AttestForm.empty(), Map.of(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> submit(@PathParam("token") String token, @Context HttpServerRequest request,
            @RestForm String kind, @RestForm String signatoryName, @RestForm String signatoryTitle,
            @RestForm String signatoryEmail, @RestForm List<String> dataCategories, @RestForm String deletedAt,
            @RestForm String method, @RestForm String systems, @RestForm String backupsCovered,
            @RestForm String sharedWithThirdParties, @RestForm String thirdParties, @RestForm String retained,
            @RestForm String verification, @RestForm String statement, @RestForm String agreed) {
        LinkStore.ValidLink link;
        try {
            link = access.open(token, PortalResource.client(request));
        } catch (ProblemException e) {
            return unavailable(e);
        }
        AttestForm form = new AttestForm(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories,
                deletedAt, method, systems, backupsCovered, sharedWithThirdParties, thirdParties, retained,
                verification, statement, agreed);
        try {
            attestations.submit(access.present(token, PortalResource.client(request)), form.toRequest(),
                    new AttestationService.Origin(PortalResource.client(request),
                    request.getHeader("User-Agent")));
        } catch (ProblemException e) {
            if (e.status() == 400) {
                return page(400, token, portal.read(link), form, e.violationsByField(PortalPage::formField), "Please correct the fields marked below.");
            }
            return page(e.status(), token, portal.read(link), form, Map.of(), e.detail());
        }
        return RestResponse.seeOther(URI.create("/attest/" + token));
    }

    private RestResponse<String> page(int status, String token, PortalCase c, AttestForm form,
            Map<String, String> errors, String notice) {
        String html = Templates.attest(new AttestPage(token, c, form, errors, notice, Times.stored(clock.instant())))
                .render();
        return RestResponse.ResponseBuilder.<String> create(status).entity(html).type(MediaType.TEXT_HTML_TYPE).build();
    }

    private static RestResponse<String> unavailable(ProblemException e) {
        String title = e.status() == 429 ? "Too many attempts" : "This link does not work";
        String html = Templates.unavailable(title, e.detail()).render();
        RestResponse.ResponseBuilder<String> response = RestResponse.ResponseBuilder.<String> create(e.status()).entity(html)
                .type(MediaType.TEXT_HTML_TYPE);
        e.headers().forEach(response::header);
        return response.build();
    }

    /** "systems[2]" is the "systems" field of the form. */
    static String formField(String jsonPath) {
        return jsonPath.replaceAll("\\[\\d+]$", "");
    }
}
