package org.datarecall.platform.http;

import java.util.Locale;
import java.util.Set;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The JSON API changes state only on requests a page elsewhere cannot make a browser send: a body of
 * {@code application/json} (or the {@code text/csv} the uploads declare), or no body at all. A
 * cross-site form can only send {@code text/plain}, {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data} — with the staff's cached Basic credentials — so those get {@code 415}
 * before any endpoint runs. The portal's evidence upload keeps the file's own type: it is authorised by
 * a bearer token, which no browser adds by itself.
 */
public class JsonOnlyApi {

    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> ACCEPTED = Set.of("application/json", "text/csv");
    private static final String OWN_TYPES = "/api/v1/portal/evidence";

    @ServerRequestFilter(preMatching = true)
    public void refuseOtherBodies(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!CHANGES.contains(request.getMethod()) || !path.startsWith("/api/v1/") || path.startsWith(OWN_TYPES)) {
            return;
        }
        String type = request.getHeaderString("Content-Type");
        if (type == null) {
            String length = request.getHeaderString("Content-Length");
            boolean body = request.getHeaderString("Transfer-Encoding") != null
                    || (length != null && !length.strip().equals("0"));
            if (body) {
                throw unsupported("a request body needs a Content-Type: application/json");
            }
            return;
        }
        String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!ACCEPTED.contains(media)) {
            throw unsupported("the API takes application/json (text/csv for uploads), not " + media);
        }
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(415, "unsupported-media-type", "Unsupported Media Type", detail);
    }
}
