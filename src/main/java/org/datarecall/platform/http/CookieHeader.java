package org.datarecall.platform.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Rewrites a request's {@code Cookie} headers before anything reads them: each {@code name=value} part goes
 * through {@code rewrite}, which answers it as it is, changed, or null to drop it; what is left becomes
 * one header. The edge filters that decide which cookies the code may see use it.
 */
final class CookieHeader {

    private CookieHeader() {
    }

    static void rewrite(HttpServerRequest request, UnaryOperator<String> rewrite) {
        List<String> headers = request.headers().getAll(HttpHeaders.COOKIE);
        if (headers.isEmpty()) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String header : headers) {
            for (String part : header.split(";")) {
                String cookie = part.strip();
                String rewritten = cookie.isEmpty() ? null : rewrite.apply(cookie);
                if (rewritten != null) {
                    kept.add(rewritten);
                }
            }
        }
        request.headers().remove(HttpHeaders.COOKIE);
        if (!kept.isEmpty()) {
            request.headers().add(HttpHeaders.COOKIE, String.join("; ", kept));
        }
    }

    /** The name of a {@code name=value} part. */
    static String name(String cookie) {
        int eq = cookie.indexOf('=');
        return (eq < 0 ? cookie : cookie.substring(0, eq)).strip();
    }
}
