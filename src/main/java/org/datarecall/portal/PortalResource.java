package org.datarecall.portal;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.datarecall.platform.ProblemException;

/**
 * The developer's API: the token from the mail as a bearer token. The link is checked before the
 * body is parsed, so a caller without a working link learns nothing about the body's rules.
 */
@Path("/api/v1/portal")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class PortalResource {

    @Inject
    PortalAccess access;

    @Inject
    PortalService portal;

    @Inject
    AttestationService attestations;

    @Inject
    ObjectMapper mapper;

    @GET
    @Path("/case")
    public PortalCase read(@HeaderParam("Authorization") String authorization, @Context HttpServerRequest request) {
        return portal.read(access.open(PortalAccess.bearer(authorization), client(request)));
    }

    @POST
    @Path("/attestation")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<PortalCase.Receipt> submit(@HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest request, byte[] body) throws java.io.IOException {
        LinkStore.ValidLink link = access.open(PortalAccess.bearer(authorization), client(request));
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("a JSON attestation is required");
        }
        // The application's mapper refuses unknown properties (quarkus.jackson.fail-on-unknown-properties).
        AttestationRequest attestation = mapper.readValue(body, AttestationRequest.class);
        if (attestation == null) {
            throw ProblemException.badRequest("a JSON attestation is required");
        }
        Attestation stored = attestations.submit(link, attestation,
                new AttestationService.Origin(client(request), request.getHeader("User-Agent")));
        return RestResponse.status(RestResponse.Status.CREATED, PortalCase.Receipt.of(stored));
    }

    /** The client's address; behind a proxy, set {@code quarkus.http.proxy.proxy-address-forwarding}. */
    static String client(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
