package org.datarecall.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A case event as a CloudEvents 1.0 document in the structured JSON format: the context attributes
 * ({@code specversion}, {@code id}, {@code source}, {@code type}, {@code subject}, {@code time},
 * {@code datacontenttype}) and the event under {@code data}. Written once, when the event is, so that
 * every attempt sends the same bytes and the same signature. The set-based writers build the same
 * document in SQL ({@code dr_cloud_event}, V34).
 */
final class CloudEventDocument {

    /** The type prefix; the event's own type follows, e.g. {@code org.datarecall.case.ATTESTATION_RECEIVED}. */
    static final String TYPE_PREFIX = "org.datarecall.case.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** As {@code dr_instant_text} writes an instant: UTC, microseconds, so both writers' times read alike. */
    static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private CloudEventDocument() {
    }

    static String of(WebhookEvent e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", e.campaignId().toString());
        data.put("caseId", e.caseId().toString());
        data.put("seq", e.seq());
        data.put("type", e.type());
        data.put("fromState", e.fromState());
        data.put("toState", e.toState());
        data.put("actor", e.actor());
        data.put("at", TIME.format(e.at()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("specversion", "1.0");
        doc.put("id", e.id());
        doc.put("source", "/campaigns/" + e.campaignId() + "/cases/" + e.caseId());
        doc.put("type", TYPE_PREFIX + e.type());
        doc.put("subject", e.caseId().toString());
        doc.put("time", TIME.format(e.at()));
        doc.put("datacontenttype", "application/json");
        doc.put("data", data);
        try {
            data.put("data", JSON.readTree(e.data()));
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("stored event data is not JSON", x);
        }
    }
}
