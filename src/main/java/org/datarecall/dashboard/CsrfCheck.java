package org.datarecall.dashboard;

import java.util.Set;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;

/**
 * The one place where every form the staff send is checked against cross-site forgery (see {@link Csrf}):
 * any request that changes something, on any path but the JSON API (no cookies, JSON only) and the
 * developer portal (its link in the path is its credential), must carry the browser's token as the form
 * field {@code csrf}; the sign-in form, which Quarkus reads before any page code, carries it in its
 * address. A form without it changes nothing and gets 403.
 */
@ApplicationScoped
public class CsrfCheck {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    DashboardPages pages;

    @Inject
    SecurityIdentity identity;

    @WithFormRead
    @ServerRequestFilter
    public RestResponse<String> check(ResteasyReactiveContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || !guarded(request.getUriInfo().getPath())) {
            return null;
        }
        Cookie cookie = request.getCookies().get(Csrf.COOKIE);
        Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                .getFormParameter(Csrf.FIELD, true, false);
        String submitted = field instanceof FormValue value ? value.getValue() : (String) field;
        if (Csrf.matches(cookie, submitted)) {
            return null;
        }
        if (identity.isAnonymous()) {
            return RestResponse.ResponseBuilder.<String> create(403).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("This form is no longer valid. Open the page again.").build();
        }
        return pages.status(403, pages.staff(cookie), "Form expired", "This form is no longer valid. Open the page "
                + "again and retry.");
    }

    static boolean guarded(String path) {
        return !path.startsWith("/api/") && !path.startsWith("/attest/");
    }

    /**
     * The sign-in form posts to Quarkus's own /j_security_check, which the form authentication answers
     * before any route or page filter: this runs ahead of it (a filter above FORM_AUTHENTICATION's
     * priority), and reads only the address and the cookie, leaving the body to Quarkus.
     */
    void signIn(@Observes Filters filters) {
        filters.register(rc -> {
            // Quarkus's form authentication answers any POST whose path ends so, wherever it sits.
            if (rc.request().method() != HttpMethod.POST || !rc.normalizedPath().endsWith("/j_security_check")) {
                rc.next();
                return;
            }
            io.vertx.core.http.Cookie cookie = rc.request().getCookie(Csrf.COOKIE);
            if (cookie != null && Csrf.matches(cookie.getValue(), rc.request().getParam(Csrf.FIELD))) {
                rc.next();
                return;
            }
            rc.response().setStatusCode(403).putHeader("Content-Type", "text/html; charset=UTF-8")
                    .putHeader("Cache-Control", "no-store")
                    .end("<!DOCTYPE html><title>Sign in</title><p>This sign-in form is no longer valid. "
                            + "<a href=\"/login\">Open the sign-in page again</a>.</p>");
        }, SecurityHandlerPriorities.CORS + 100);
    }
}
