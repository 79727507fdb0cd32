package org.datarecall.platform.http;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The JSON API takes HTTP Basic or a bearer token, never the staff pages' sign-in cookie: a browser
 * sends that cookie with any request to the service, so a page elsewhere that made a signed-in
 * browser call the API would act with the staff member's rights. The cookie is taken out of every
 * {@code /api/} request before anything reads it; the pages' downloads are under {@code /dashboard}.
 */
@ApplicationScoped
public class NoSessionOnTheApi {

    /** The sign-in cookie's name ({@code quarkus.http.auth.form.cookie-name}). */
    static final String SESSION_COOKIE = "datarecall-session";

    void install(@Observes Router router) {
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1).handler(rc -> {
            List<String> cookies = rc.request().headers().getAll(HttpHeaders.COOKIE);
            if (!cookies.isEmpty()) {
                List<String> kept = new ArrayList<>();
                for (String header : cookies) {
                    for (String cookie : header.split(";")) {
                        if (!cookie.strip().startsWith(SESSION_COOKIE + "=")) {
                            kept.add(cookie.strip());
                        }
                    }
                }
                rc.request().headers().remove(HttpHeaders.COOKIE);
                if (!kept.isEmpty()) {
                    rc.request().headers().add(HttpHeaders.COOKIE, String.join("; ", kept));
                }
            }
            rc.next();
        });
    }
}
