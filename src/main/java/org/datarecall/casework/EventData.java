package org.datarecall.casework;

import org.datarecall.casework.domain.CaseEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The storage edge of events: a typed event's data as the JSON text that is stored and hashed. A
 * mapper of its own, so that application JSON settings never change stored text.
 */
final class EventData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventData() {
    }

    static String json(CaseEvent event) {
        try {
            return JSON.writeValueAsString(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be written", e);
        }
    }
}
