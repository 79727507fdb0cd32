package org.datarecall.platform.http;

import java.net.URI;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.datarecall.platform.error.DomainError;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Turns every error into {@code application/problem+json} (RFC 9457). Nothing here ever shows a
 * stack trace, a class name or an internal message: unexpected errors are logged under an id
 * that the answer gives, so an operator can find them. A browser that asked for one of the pages
 * (not the API) gets the same problem as a page: the pages answer their own refusals, but some come
 * before a page's code runs (a form too large to read, a missing role, an unknown id).
 */
public class ProblemMapper {

    @CheckedTemplate(basePath = "platform")
    static class Templates {
        static native TemplateInstance problem(int status, String title, String detail);
    }

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:datarecall:problem:";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** An upload from the staff pages' form. */
    private static final Pattern STAFF_UPLOAD = Pattern.compile("^/dashboard/campaigns/([0-9a-fA-F-]{36})/developers/?$");

    @ServerExceptionMapper
    public RestResponse<Object> problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        Matcher upload = STAFF_UPLOAD.matcher(uri.getPath());
        if (e.status() == 413 && upload.matches()) {
            // A browser gets the campaign page back with the reason, not a JSON document.
            return Flash.redirect("/dashboard/campaigns/" + upload.group(1),
                    headers.getCookies().get(Flash.KEYED_BY),
                    "Nothing was imported: the file is too large (" + e.detail() + ").", true);
        }
        RestResponse<Object> response = asked(uri, headers, respond(e.status(), e.type(), e.title(), e.detail(),
                e.extensions()));
        e.headers().forEach(response.getHeaders()::putSingle);
        return response;
    }

    /** The one place where the service's refusals get their HTTP status. */
    @ServerExceptionMapper
    public RestResponse<Object> domain(DomainError e, UriInfo uri, HttpHeaders headers) {
        return asked(uri, headers, respond(status(e.kind()), e.slug(), e.title(), e.detail(), e.properties()));
    }

    private static int status(DomainError.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case REFUSED -> 409;
            case STALE -> 412;
        };
    }

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> unauthenticated(UnauthorizedException e, UriInfo uri) {
        return isStaffPage(uri) ? toSignIn() : unauthorized();
    }

    /** The staff pages send a browser without a session to the sign-in page instead of answering 401. */
    private static boolean isStaffPage(UriInfo uri) {
        String path = uri.getPath();
        return path.equals("/dashboard") || path.startsWith("/dashboard/");
    }

    private static RestResponse<Map<String, Object>> toSignIn() {
        return RestResponse.ResponseBuilder.<Map<String, Object>> seeOther(URI.create("/login")).build();
    }

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        Optional<SignInThrottle.Refused> refused = SignInThrottle.Refused.in(e);
        if (refused.isPresent()) {
            return throttled(refused.get().waitFor(), uri);
        }
        if (uri.getPath().equals("/j_security_check")) {
            // A wrong password on the sign-in form: back to the form, which says so.
            return RestResponse.ResponseBuilder.<Map<String, Object>> seeOther(URI.create("/login?failed=true"))
                    .build();
        }
        return isStaffPage(uri) ? toSignIn() : unauthorized();
    }

    @ServerExceptionMapper
    public RestResponse<Object> forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return asked(uri, headers, respond(403, "forbidden", "Forbidden", "your role does not allow this", Map.of()));
    }

    // The JSON provider has mappers of its own for the specific types; naming them here keeps every answer a problem.
    @ServerExceptionMapper({ JsonProcessingException.class, UnrecognizedPropertyException.class,
            InvalidFormatException.class, MismatchedInputException.class, JsonParseException.class })
    public RestResponse<Map<String, Object>> json(JsonProcessingException e) {
        return respondTo(e);
    }

    @ServerExceptionMapper
    public RestResponse<Object> web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        return asked(uri, headers, fromWeb(e));
    }

    private RestResponse<Map<String, Object>> fromWeb(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respondTo(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 406 -> "no acceptable representation";
            case 413 -> "the request is too large: a field of the form, or the whole of it";
            case 415 -> "this content type is not accepted here";
            default -> title;
        };
        return respond(status, slug(title), title, detail, Map.of());
    }

    @ServerExceptionMapper
    public RestResponse<Object> unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        return asked(uri, headers, busyDatabase(e).orElseGet(() -> internal(e)));
    }

    /**
     * SQL states of a statement the database gave up on while it waited: a lock not had within the
     * session's lock_timeout, a statement cancelled by statement_timeout, a deadlock, a serialization
     * failure. The transaction was rolled back whole, so the client may simply try again. The same
     * problem type as the portal's own busy answer (AttestationBatch.CasesBusy).
     */
    private static final Set<String> BUSY_STATES = Set.of("55P03", "57014", "40P01", "40001");
    private static final int BUSY_RETRY_SECONDS = 5;

    private static Optional<RestResponse<Map<String, Object>>> busyDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && BUSY_STATES.contains(sql.getSQLState())) {
                String errorId = UUID.randomUUID().toString();
                LOG.warnf("database busy %s (SQL state %s): %s", errorId, sql.getSQLState(), sql.getMessage());
                RestResponse<Map<String, Object>> response = respond(503, "busy", "Service Unavailable",
                        "the database could not serve this request in time and nothing of it was kept; try again "
                                + "after Retry-After seconds (error id " + errorId + ")",
                        Map.of("errorId", errorId));
                response.getHeaders().putSingle("Retry-After", Integer.toString(BUSY_RETRY_SECONDS));
                return Optional.of(response);
            }
        }
        return Optional.empty();
    }

    /** The problem as it is, or as a page when a browser asked for one of the pages. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static RestResponse<Object> asked(UriInfo uri, HttpHeaders headers,
            RestResponse<Map<String, Object>> problem) {
        if (!wantsPage(uri, headers)) {
            return (RestResponse) problem;
        }
        Map<String, Object> body = problem.getEntity();
        String html = Templates.problem(problem.getStatus(), (String) body.get("title"), (String) body.get("detail"))
                .render();
        return RestResponse.ResponseBuilder.<Object> create(problem.getStatus()).type(MediaType.TEXT_HTML_TYPE)
                .header("Cache-Control", "no-store").entity(html).build();
    }

    /** Outside the API, and text/html named in Accept (as browsers do; API clients name JSON or nothing). */
    private static boolean wantsPage(UriInfo uri, HttpHeaders headers) {
        return !uri.getPath().startsWith("/api/") && headers.getAcceptableMediaTypes().stream()
                .anyMatch(t -> "text".equalsIgnoreCase(t.getType()) && "html".equalsIgnoreCase(t.getSubtype()));
    }

    private RestResponse<Map<String, Object>> respondTo(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return validation(path(unknown), "unknown property");
        }
        if (e instanceof InvalidFormatException format) {
            return validation(path(format), "has an invalid value");
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return validation(path(mismatch), "has the wrong type");
        }
        return respond(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON of the expected shape",
                Map.of());
    }

    private RestResponse<Map<String, Object>> validation(String field, String message) {
        ProblemException p = Violations.single(field, message);
        return respond(p.status(), p.type(), p.title(), p.detail(), p.extensions());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** Too many failed sign-ins: the API says when to try again; the form goes back to a page that says it. */
    private RestResponse<Map<String, Object>> throttled(java.time.Duration wait, UriInfo uri) {
        if (uri.getPath().equals("/j_security_check") || isStaffPage(uri)) {
            long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
            return RestResponse.ResponseBuilder.<Map<String, Object>> seeOther(
                    URI.create("/login?failed=true&wait=" + minutes)).build();
        }
        RestResponse<Map<String, Object>> response = respond(429, "sign-in-throttled", "Too many failed sign-ins",
                "too many failed sign-ins for this user or from this address; try again after Retry-After seconds",
                Map.of());
        response.getHeaders().putSingle("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
        return response;
    }

    private RestResponse<Map<String, Object>> unauthorized() {
        RestResponse<Map<String, Object>> response = respond(401, "unauthorized", "Unauthorized",
                "valid credentials are required", Map.of());
        response.getHeaders().putSingle("WWW-Authenticate", "Basic realm=\"Data Recall\"");
        return response;
    }

    private RestResponse<Map<String, Object>> internal(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s", errorId);
        return respond(500, "internal-error", "Internal error",
                "the request could not be completed; quote error id " + errorId + " to an operator",
                Map.of("errorId", errorId));
    }

    private static RestResponse<Map<String, Object>> respond(int status, String type, String title, String detail,
            Map<String, Object> extensions) {
        return RestResponse.ResponseBuilder.<Map<String, Object>> create(status)
                .type(PROBLEM_JSON)
                .entity(body(status, type, title, detail, extensions))
                .build();
    }

    public static Map<String, Object> body(int status, String type, String title, String detail,
            Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extensions);
        return body;
    }

    private static String slug(String title) {
        return List.of(title.toLowerCase().split("[^a-z0-9]+")).stream().filter(s -> !s.isEmpty())
                .collect(Collectors.joining("-"));
    }
}
