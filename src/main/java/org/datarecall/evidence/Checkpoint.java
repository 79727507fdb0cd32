package org.datarecall.evidence;

import java.time.Instant;
import java.util.UUID;

/**
 * A signed checkpoint (ADR 0009): the Merkle root over every chain head of a campaign, the exact
 * document that was signed, and its Ed25519 signature.
 */
public record Checkpoint(UUID id, UUID campaignId, Instant at, long cases, long events, byte[] root, String keyId,
        String document, byte[] signature, String requestedBy) {

    /** The signed text: these keys, in this order, no whitespace. */
    public static String document(UUID campaignId, byte[] root, long cases, long events, Instant at, String keyId) {
        return "{\"campaignId\":\"" + campaignId + "\",\"root\":\"" + java.util.HexFormat.of().formatHex(root)
                + "\",\"cases\":" + cases + ",\"events\":" + events + ",\"at\":\"" + at + "\",\"keyId\":\"" + keyId
                + "\"}";
    }
}
