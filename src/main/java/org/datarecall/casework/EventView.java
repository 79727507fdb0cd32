package org.datarecall.casework;

import java.time.Instant;

import org.datarecall.evidence.StoredEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An event in API answers: {@code data} as JSON, hashes in hex. */
public record EventView(int seq, String type, String fromState, String toState, String actor, Instant at,
        JsonNode data, String prevHash, String hash) {

    static EventView of(StoredEvent e, ObjectMapper mapper) {
        JsonNode data;
        try {
            data = mapper.readTree(e.data());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored event data is not JSON", ex);
        }
        return new EventView(e.seq(), e.type(), e.fromState(), e.toState(), e.actor(), e.at(), data, e.prevHash(),
                e.hash());
    }
}
