package org.datarecall.evidence;

import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A checkpoint as the API lists it, the witnesses' mail attaches it and the evidence pack holds it:
 * the fields, the exact signed {@code document} and the base64 {@code signature} over its UTF-8 bytes.
 */
public record CheckpointView(UUID id, UUID campaignId, String at, long cases, long events, String root, String keyId,
        String algorithm, String document, String signature, String requestedBy) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static CheckpointView of(Checkpoint checkpoint) {
        return new CheckpointView(checkpoint.id(), checkpoint.campaignId(), checkpoint.at().toString(),
                checkpoint.cases(), checkpoint.events(), HexFormat.of().formatHex(checkpoint.root()),
                checkpoint.keyId(), "Ed25519", checkpoint.document(),
                Base64.getEncoder().encodeToString(checkpoint.signature()), checkpoint.requestedBy());
    }

    public String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
