package org.datarecall.platform.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The JSON API takes HTTP Basic or a bearer token, never the staff pages' sign-in cookie: a browser
 * sends that cookie with any request to the service, so a page elsewhere that made a signed-in
 * browser call the API would act with the staff member's rights. The cookie is taken out of every
 * {@code /api/} request before anything reads it; the pages' downloads are under {@code /dashboard}. So
 * are the single sign-on's session cookies ({@code q_session…}) when staff sign in through OIDC's code flow.
 */
@ApplicationScoped
public class NoSessionOnTheApi {

    /** The sign-in cookie's name. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.auth.form.cookie-name")
    String sessionCookie;

    /** The cookies of OIDC's code flow ({@code quarkus.oidc.authentication.cookie-*}: q_session, q_session_at, …). */
    static final String SINGLE_SIGN_ON_COOKIES = "q_session";

    void install(@Observes Router router) {
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1).handler(rc -> {
            CookieHeader.rewrite(rc.request(), cookie -> {
                String name = CookieHeader.name(cookie);
                return name.equals(sessionCookie) || name.startsWith(SINGLE_SIGN_ON_COOKIES) ? null : cookie;
            });
            rc.next();
        });
    }
}
