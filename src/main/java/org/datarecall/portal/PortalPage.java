package org.datarecall.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.datarecall.link.LinkStore;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.i18n.Language;
import org.datarecall.platform.i18n.Translations;
import org.datarecall.platform.jdbc.Times;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

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

        static native TemplateInstance unavailable(String title, String message, String lang);
    }

    @Inject
    PortalAccess access;

    @Inject
    PortalService portal;

    @Inject
    AttestationService attestations;

    @Inject
    org.datarecall.platform.config.DataRecallConfig config;

    @Inject
    Clock clock;

    @Inject
    EvidenceUploads evidence;

    @Inject
    EvidenceStore evidenceStore;

    @Inject
    SignatoryCodes codes;

    @Inject
    Delegations delegations;

    @Inject
    EvidenceRequests requests;

    @Inject
    org.datarecall.platform.http.ClientAddress clients;

    @GET
    public RestResponse<String> show(@PathParam("token") String token, @Context HttpServerRequest request) {
        return withLink(token, request, link -> page(200, token, link, AttestForm.empty(), Map.of(), null));
    }

    /** Uploads one file with a plain form; the page then lists it, ticked for the attestation. */
    @POST
    @Path("/evidence")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public RestResponse<String> upload(@PathParam("token") String token, @Context HttpServerRequest request,
            @RestForm("file") FileUpload file) {
        return withLink(token, request, link -> {
            if (file == null || file.fileName() == null || file.fileName().isBlank()) {
                return page(400, token, link, AttestForm.empty(), Map.of("file", "choose a file to upload"), null);
            }
            try (InputStream body = Files.newInputStream(file.uploadedFile())) {
                evidence.upload(link, file.contentType(), file.fileName(), body);
            } catch (ProblemException e) {
                return page(e.status(), token, link, AttestForm.empty(), Map.of("file", e.detail()), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return RestResponse.seeOther(URI.create("/attest/" + token));
        });
    }

    /** Step one of signing: a code mailed to the signatory's address; the page then asks for it. */
    @POST
    @Path("/signatory-code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> signatoryCode(@PathParam("token") String token, @Context HttpServerRequest request,
            @RestForm String signatoryEmail) {
        AttestForm form = AttestForm.signedBy(signatoryEmail == null ? "" : signatoryEmail.strip());
        return withLink(token, request, link -> {
            try {
                codes.issue(link, signatoryEmail);
            } catch (ProblemException e) {
                Map<String, String> errors = e.violationsByField(PortalPage::formField);
                // Not a mistake in the field (mail down, too many codes): said at the top, in the page's words.
                return errors.isEmpty() ? page(e.status(), token, link, form, Map.of(), refusal(e.detail()))
                        : page(e.status(), token, link, form, errors, null);
            }
            return page(200, token, link, form, Map.of(),
                    words(t -> t.codeMailed(form.signatoryEmail(), SignatoryCodes.VALID_FOR.toMinutes())));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> submit(@PathParam("token") String token, @Context HttpServerRequest request,
            @RestForm String kind, @RestForm String signatoryName, @RestForm String signatoryTitle,
            @RestForm String signatoryEmail, @RestForm List<String> dataCategories, @RestForm String deletedAt,
            @RestForm String method, @RestForm String systems, @RestForm String backupsCovered,
            @RestForm String sharedWithThirdParties, @RestForm String thirdParties, @RestForm String retained,
            @RestForm String verification, @RestForm String statement, @RestForm String agreed,
            @RestForm List<String> evidence, @RestForm String signatoryCode, @RestForm String authority) {
        return withLink(token, request, link -> {
            AttestForm form = new AttestForm(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories,
                    deletedAt, method, systems, backupsCovered, sharedWithThirdParties, thirdParties, retained,
                    verification, statement, agreed, evidence == null ? List.of() : evidence, signatoryCode, authority);
            try {
                attestations.submit(access.present(token, clients.of(request)), form.toRequest(),
                        new AttestationService.Origin(clients.of(request),
                        request.getHeader("User-Agent")));
            } catch (ProblemException e) {
                if (e.status() == 400) {
                    return page(400, token, link, form, e.violationsByField(PortalPage::formField),
                            words(PortalText::correctFields));
                }
                return page(e.status(), token, link, form, Map.of(), refusal(e.detail()));
            }
            return RestResponse.seeOther(URI.create("/attest/" + token));
        });
    }

    /** Sends the ticked uploads for the auditor's request; the page then lists them with their digests. */
    @POST
    @Path("/supplement")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> supply(@PathParam("token") String token, @Context HttpServerRequest request,
            @RestForm List<String> evidence, @RestForm String comment) {
        return withLink(token, request, link -> {
            try {
                requests.supply(link, new EvidenceRequests.SupplyRequest(evidence == null ? List.of() : evidence,
                        comment));
            } catch (ProblemException e) {
                Map<String, String> errors = e.violationsByField(PortalPage::formField);
                return page(e.status(), token, link, AttestForm.empty(), errors,
                        errors.isEmpty() ? refusal(e.detail()) : words(PortalText::correctFields));
            }
            return RestResponse.seeOther(URI.create("/attest/" + token));
        });
    }

    /** Hands the round to a named colleague; the page then shows whom it went to, and nothing to answer. */
    @POST
    @Path("/delegate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<String> delegate(@PathParam("token") String token, @Context HttpServerRequest request,
            @RestForm String name, @RestForm String email, @RestForm String reason) {
        Delegations.Request handed = new Delegations.Request(name, email, reason);
        return withLink(token, request, link -> {
            try {
                delegations.delegate(link, handed);
            } catch (ProblemException e) {
                Map<String, String> errors = e.violationsByField(field -> "delegate-" + field);
                return page(e.status(), token, link, AttestForm.empty(), errors,
                        errors.isEmpty() ? refusal(e.detail()) : words(PortalText::notHandedOver), handed);
            }
            return RestResponse.seeOther(URI.create("/attest/" + token));
        });
    }

    /** The answer for a working link, or the page that says the link does not work (401, 429). */
    private RestResponse<String> withLink(String token, HttpServerRequest request,
            java.util.function.Function<LinkStore.ValidLink, RestResponse<String>> answer) {
        LinkStore.ValidLink link;
        try {
            link = access.open(token, clients.of(request));
        } catch (ProblemException e) {
            return unavailable(e, request);
        }
        return answer.apply(link);
    }

    /**
     * What a notice at the top of the page says, in the page's language. A refusal's detail comes
     * from the service in English: other languages say, in their words, that it could not be done.
     */
    private interface Notice {
        String in(PortalText text, Language language);
    }

    private static Notice words(java.util.function.Function<PortalText, String> words) {
        return (text, language) -> words.apply(text);
    }

    private static Notice refusal(String detail) {
        return (text, language) -> language == Language.EN ? detail : text.refused();
    }

    private RestResponse<String> page(int status, String token, LinkStore.ValidLink link, AttestForm form,
            Map<String, String> errors, Notice notice) {
        return page(status, token, link, form, errors, notice, null);
    }

    /**
     * The page in the case's language. Field problems come from the service's checks in English;
     * a page in another language marks the same fields with its own words.
     */
    private RestResponse<String> page(int status, String token, LinkStore.ValidLink link, AttestForm form,
            Map<String, String> errors, Notice notice, Delegations.Request delegation) {
        PortalCase c = portal.read(link);
        Language language = Language.ofTag(c.locale());
        PortalText text = Translations.of(PortalText.class, language);
        Map<String, String> shown = errors;
        if (language != Language.EN) {
            shown = new java.util.LinkedHashMap<>();
            for (String field : errors.keySet()) {
                shown.put(field, text.fieldInvalid());
            }
        }
        java.time.Instant now = Times.stored(clock.instant());
        List<EvidenceFile> uploads = c.acceptsAttestation() || c.evidenceRequest() != null
                ? evidenceStore.waiting(c.caseId(), now) : List.of();
        String html = Templates.attest(new AttestPage(token, c, form, uploads, shown,
                notice == null ? null : notice.in(text, language), config.evidence().maxBytes(), now, delegation,
                language, text)).setLocale(language.locale()).render();
        return RestResponse.ResponseBuilder.<String> create(status).entity(html).type(MediaType.TEXT_HTML_TYPE).build();
    }

    /** The link opens no case, so the browser's language is used (Accept-Language). */
    private static RestResponse<String> unavailable(ProblemException e, HttpServerRequest request) {
        Language language = Language.preferred(request.getHeader("Accept-Language"));
        PortalText text = Translations.of(PortalText.class, language);
        boolean busy = e.status() == 429;
        String message = language == Language.EN ? e.detail()
                : busy ? text.tooManyAttemptsText() : text.linkDoesNotWorkText();
        String html = Templates.unavailable(busy ? text.tooManyAttempts() : text.linkDoesNotWork(), message,
                language.tag()).setLocale(language.locale()).render();
        RestResponse.ResponseBuilder<String> response = RestResponse.ResponseBuilder.<String> create(e.status()).entity(html)
                .type(MediaType.TEXT_HTML_TYPE);
        e.headers().forEach(response::header);
        return response.build();
    }

    /** "systems[2]" is the "systems" field of the form. */
    static String formField(String jsonPath) {
        return jsonPath.replaceAll("\\[\\d+](\\.\\w+)?$", "");
    }
}
