package org.datarecall.portal;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
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


import org.datarecall.link.LinkStore;
import org.datarecall.platform.http.ProblemException;

/**
 * The developer's API: the token from the mail as a bearer token. A caller without a working link
 * learns nothing about the body's rules: its 401 comes before any answer about the body.
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
    EvidenceUploads evidence;

    @Inject
    SignatoryCodes codes;

    @Inject
    ObjectMapper mapper;

    @Inject
    Delegations delegations;

    @Inject
    EvidenceRequests requests;

    @Inject
    org.datarecall.platform.http.ClientAddress clients;

    /** The body of {@code POST /portal/signatory-code}. */
    public record CodeRequest(String signatoryEmail) {
    }

    /** The answer: where the code went and until when it works. */
    public record CodeSent(String signatoryEmail, java.time.Instant expiresAt) {
    }

    /**
     * Stores one evidence file: the raw body, its {@code Content-Type}, its name in {@code X-Filename}.
     * Streamed: the body is never held whole in memory.
     */
    @POST
    @Path("/evidence")
    @Consumes(MediaType.WILDCARD)
    public RestResponse<EvidenceFile.Uploaded> upload(@HeaderParam("Authorization") String authorization,
            @HeaderParam("Content-Type") String contentType, @HeaderParam("X-Filename") String filename,
            @Context HttpServerRequest request,
            @RequestBody(required = true, description = "The file: a PDF, PNG, JPEG, text, CSV or JSON file, checked by "
                    + "its content.", content = @Content(mediaType = "application/octet-stream",
                            schema = @Schema(type = SchemaType.STRING, format = "binary"))) java.io.InputStream body) {
        LinkStore.ValidLink link = access.open(PortalAccess.bearer(authorization), client(request));
        return RestResponse.status(RestResponse.Status.CREATED,
                EvidenceFile.Uploaded.of(evidence.upload(link, contentType, filename, body)));
    }

    /** Mails a code to the signatory's address; the attestation then carries it as {@code signatoryCode}. */
    @POST
    @Path("/signatory-code")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<CodeSent> signatoryCode(@HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest request, @RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = CodeRequest.class))) byte[] body) throws java.io.IOException {
        LinkStore.ValidLink link = access.open(PortalAccess.bearer(authorization), client(request));
        CodeRequest code = json(body, CodeRequest.class, "{\"signatoryEmail\": ...}");
        java.time.Instant expiresAt = codes.issue(link, code.signatoryEmail());
        return RestResponse.status(RestResponse.Status.ACCEPTED, new CodeSent(code.signatoryEmail().strip(), expiresAt));
    }

    /** Hands this round to a named colleague, who gets a link of its own by mail. */
    @POST
    @Path("/delegate")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Delegations.Delegated> delegate(@HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest request, @RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = Delegations.Request.class)))
            byte[] body) throws java.io.IOException {
        LinkStore.ValidLink link = access.open(PortalAccess.bearer(authorization), client(request));
        Delegations.Request handed = json(body, Delegations.Request.class, "{\"name\", \"email\", \"reason\"}");
        return RestResponse.status(RestResponse.Status.CREATED, delegations.delegate(link, handed));
    }

    /** Sends uploaded files for an auditor's open request for more evidence. */
    @POST
    @Path("/evidence-supplement")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<EvidenceRequests.Supplied> supply(@HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest request, @RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(
                            implementation = EvidenceRequests.SupplyRequest.class))) byte[] body) throws java.io.IOException {
        LinkStore.ValidLink link = access.open(PortalAccess.bearer(authorization), client(request));
        EvidenceRequests.SupplyRequest supplied = json(body, EvidenceRequests.SupplyRequest.class,
                "{\"evidence\": [ids], \"comment\"}");
        return RestResponse.status(RestResponse.Status.CREATED, requests.supply(link, supplied));
    }

    @GET
    @Path("/case")
    public PortalCase read(@HeaderParam("Authorization") String authorization, @Context HttpServerRequest request) {
        return portal.read(access.open(PortalAccess.bearer(authorization), client(request)));
    }

    @POST
    @Path("/attestation")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<PortalCase.Receipt> submit(@HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest request, @RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = AttestationRequest.class)))
            byte[] body) throws java.io.IOException {
        String token = PortalAccess.bearer(authorization);
        String client = client(request);
        PortalAccess.Presented presented = access.present(token, client);
        AttestationRequest attestation;
        try {
            // The application's mapper refuses unknown properties (quarkus.jackson.fail-on-unknown-properties).
            attestation = body == null || body.length == 0 ? null : mapper.readValue(body, AttestationRequest.class);
        } catch (java.io.IOException | RuntimeException e) {
            access.open(token, client); // the link answers first (401) for a caller without a working one
            throw e;
        }
        if (attestation == null) {
            access.open(token, client);
            throw ProblemException.badRequest("a JSON attestation is required");
        }
        // The link is looked up with the group this submission is written in (see AttestationService).
        AttestationService.Accepted stored = attestations.submit(presented, attestation,
                new AttestationService.Origin(client, request.getHeader("User-Agent")));
        return RestResponse.status(RestResponse.Status.CREATED,
                PortalCase.Receipt.of(stored.attestation(), stored.files()));
    }

    /** The body read as {@code type}; an empty body (or JSON null) is a 400 that names the shape expected. */
    private <T> T json(byte[] body, Class<T> type, String shape) throws java.io.IOException {
        T read = body == null || body.length == 0 ? null : mapper.readValue(body, type);
        if (read == null) {
            throw ProblemException.badRequest("a JSON body " + shape + " is required");
        }
        return read;
    }

    /** The client's address: the peer, or behind a trusted proxy the address it forwards (see ClientAddress). */
    private String client(HttpServerRequest request) {
        return clients.of(request);
    }
}
