package org.datarecall.access;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One finding as staff read it: the case and developer, the kind, when it was found and in which state
 * the case was then (a terminal case keeps its state), and the evidence as the FINDING event holds it.
 */
public record FindingView(UUID caseId, String developerId, String developerName, String kind, Instant foundAt,
        String stateWhenFound, String currentState, Map<String, Object> evidence) {

    /** A day of the platform's records that proves a finding. */
    public record Day(String appId, String day, long calls) {
    }

    /** A probe made after revocation that still had access. */
    public record Probe(String appId, String probeAt) {
    }

    /** The apps without a revocation (NOT_REVOKED). */
    public List<String> apps() {
        return evidence.get("apps") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** The first days with calls that prove it (at most 100 are kept with the finding). */
    public List<Day> days() {
        return objects("records").stream().map(m -> new Day(String.valueOf(m.get("appId")), String.valueOf(m.get("day")),
                m.get("calls") instanceof Number n ? n.longValue() : 0)).toList();
    }

    /** A sub-case that did not resolve (ONWARD_UNRESOLVED): the third party, and the state it is in. */
    public record SubCase(String caseId, String name, String email, String state) {
    }

    public List<SubCase> subCases() {
        return objects("subCases").stream().map(m -> new SubCase(String.valueOf(m.get("caseId")),
                String.valueOf(m.get("name")), String.valueOf(m.get("email")), String.valueOf(m.get("state")))).toList();
    }

    public List<Probe> probes() {
        return objects("probes").stream().map(m -> new Probe(String.valueOf(m.get("appId")),
                String.valueOf(m.get("probeAt")))).toList();
    }

    private List<Map<?, ?>> objects(String key) {
        return evidence.get(key) instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).<Map<?, ?>> map(Map.class::cast).toList()
                : List.of();
    }

    /** How many of the platform's rows prove it (records after revocation or deletion; 0 for NOT_REVOKED). */
    public long recordCount() {
        return evidence.get("recordCount") instanceof Number n ? n.longValue() : 0;
    }
}
