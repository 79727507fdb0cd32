package org.datarecall.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.casework.CaseService;
import org.datarecall.platform.http.Roles;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Staff read the attestations of a case: every round's, with the canonical text its digest was
 * computed from, so an auditor can recompute the digest the developer was mailed.
 */
@Path("/api/v1/cases/{id}/attestations")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
@Produces(MediaType.APPLICATION_JSON)
public class CaseAttestationsResource {

    /** One stored attestation; {@code attestation} is {@code canonical} parsed. */
    public record AttestationView(UUID attestationId, int round, Instant receivedAt, boolean late, String sha256,
            String canonical, Map<String, Object> attestation, String clientIp, String userAgent) {
    }

    public record Items(List<AttestationView> items) {
    }

    @Inject
    AttestationStore attestations;

    @Inject
    CaseService caseService;

    @Inject
    ObjectMapper mapper;

    @GET
    public Items list(@PathParam("id") String id) {
        UUID caseId = caseService.require(id).id();
        return new Items(attestations.ofCase(caseId).stream().map(this::view).toList());
    }

    private AttestationView view(Attestation a) {
        try {
            Map<String, Object> parsed = mapper.readValue(a.canonical(), new TypeReference<Map<String, Object>>() {
            });
            return new AttestationView(a.id(), a.round(), a.receivedAt(), a.late(), a.sha256(), a.canonical(), parsed,
                    a.clientIp(), a.userAgent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
