package org.datarecall.platform.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.datarecall.platform.config.DataRecallConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Behind HTTPS ({@code datarecall.dashboard.secure-cookies}, on outside dev and tests) the staff pages'
 * cookies — the session, the sign-in's return address, the CSRF token and the flash message — are
 * {@code __Host-} cookies: Secure, {@code Path=/}, no {@code Domain}. A browser takes such a cookie only
 * from this very origin over HTTPS, so neither a sibling sub-domain nor someone on a plain-HTTP path can
 * plant one (a planted CSRF cookie would let a forged form through, and forge flash messages keyed by it).
 *
 * <p>The code names the cookies without the prefix; this filter renames them at the edge, before any
 * handler reads a cookie (sign-in and its CSRF check included). Incoming, only the prefixed ones are
 * believed: one of our names without the prefix could have been set by anyone and is dropped. Outgoing,
 * each gets the prefix, {@code Secure} and {@code Path=/} — Quarkus's session cookie too, which by itself
 * would be Secure only on a TLS connection, and TLS ends at the ingress.
 */
@ApplicationScoped
public class HostOnlyCookies {

    static final String PREFIX = "__Host-";

    @Inject
    DataRecallConfig config;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name")
    String sessionCookie;

    /** The sign-in's return address. */
    @ConfigProperty(name = "quarkus.http.auth.form.location-cookie")
    String returnCookie;

    void install(@Observes Filters filters) {
        if (!config.dashboard().secureCookies()) {
            return;
        }
        Set<String> ours = Set.of(sessionCookie, returnCookie, Flash.COOKIE, Flash.KEYED_BY);
        // Ahead of the sign-in's CSRF check (CORS + 100) and of the form authentication itself.
        filters.register(rc -> {
            java.util.Map<String, String> received = rename(rc, ours);
            rc.addHeadersEndHandler(ended -> secure(rc, ours, received));
            rc.next();
        }, SecurityHandlerPriorities.CORS + 200);
    }

    /**
     * Passes on only the prefixed cookies of our names, under the plain names the code reads; answers their
     * values as received.
     */
    private static java.util.Map<String, String> rename(RoutingContext rc, Set<String> ours) {
        java.util.Map<String, String> received = new java.util.HashMap<>();
        CookieHeader.rewrite(rc.request(), cookie -> {
            String name = CookieHeader.name(cookie);
            if (ours.contains(name) || smuggles(cookie, ours)) {
                return null;
            }
            if (name.startsWith(PREFIX) && ours.contains(name.substring(PREFIX.length()))) {
                received.put(name.substring(PREFIX.length()), cookie.substring(cookie.indexOf('=') + 1));
                return cookie.substring(PREFIX.length());
            }
            return cookie;
        });
        return received;
    }

    /**
     * Whether a cookie carries one of ours after a comma ({@code x=a,datarecall-csrf=…}): browsers take commas
     * in values, and the JAX-RS cookie parser splits on them too, so a cookie a sibling sub-domain set under
     * another name would reach the code as one of ours.
     */
    static boolean smuggles(String cookie, Set<String> ours) {
        String[] pieces = cookie.split(",");
        for (int i = 1; i < pieces.length; i++) {
            String name = CookieHeader.name(pieces[i]);
            if (name.startsWith(PREFIX)) {
                name = name.substring(PREFIX.length());
            }
            if (ours.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Our cookies on the way out, as {@code __Host-} cookies: those set by Quarkus and by the pages alike. (The
     * request's cookies share Vert.x's cookie jar with the answer's: one that came in and was left as it was
     * is not sent back.)
     */
    private static void secure(RoutingContext rc, Set<String> ours, java.util.Map<String, String> received) {
        HttpServerResponse response = rc.response();
        for (String name : ours) {
            Cookie jar = rc.request().getCookie(name);
            boolean unchanged = jar != null && jar.getValue().equals(received.get(name))
                    && jar.getMaxAge() == Long.MIN_VALUE;
            Cookie set = jar == null || unchanged ? null : response.removeCookie(name, false);
            if (set != null) {
                Cookie prefixed = Cookie.cookie(PREFIX + name, set.getValue()).setPath("/").setSecure(true)
                        .setHttpOnly(set.isHttpOnly()).setSameSite(set.getSameSite());
                if (set.getMaxAge() != Long.MIN_VALUE) {
                    prefixed.setMaxAge(set.getMaxAge());
                }
                response.addCookie(prefixed);
            }
        }
        List<String> headers = response.headers().getAll(HttpHeaders.SET_COOKIE);
        if (headers.isEmpty()) {
            return;
        }
        List<String> rewritten = new ArrayList<>(headers.size());
        for (String header : headers) {
            int eq = header.indexOf('=');
            String name = eq < 0 ? "" : header.substring(0, eq).strip();
            rewritten.add(ours.contains(name) ? hostOnly(header) : header);
        }
        response.headers().remove(HttpHeaders.SET_COOKIE);
        rewritten.forEach(h -> response.headers().add(HttpHeaders.SET_COOKIE, h));
    }

    /** {@code name=value; Path=/dashboard; HttpOnly} → {@code __Host-name=value; HttpOnly; Path=/; Secure}. */
    static String hostOnly(String setCookie) {
        String[] parts = setCookie.split(";");
        StringBuilder out = new StringBuilder(PREFIX).append(parts[0].strip());
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].strip();
            String lower = attribute.toLowerCase(java.util.Locale.ROOT);
            if (!attribute.isEmpty() && !lower.startsWith("path") && !lower.startsWith("domain")
                    && !lower.equals("secure")) {
                out.append("; ").append(attribute);
            }
        }
        return out.append("; Path=/; Secure").toString();
    }
}
