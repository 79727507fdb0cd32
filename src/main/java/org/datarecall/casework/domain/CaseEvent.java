package org.datarecall.casework.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One fact about a case, before it is stored in the chain.
 * The data keys {@code round}, {@code dueAt} and {@code verificationBasis}, when present,
 * carry what the event changes in the snapshot, so that replaying a history needs nothing else.
 *
 * @param fromState null only for {@link CaseEventType#CASE_OPENED}
 * @param data      values are strings, numbers or booleans; iteration order is kept
 */
public record CaseEvent(CaseEventType type, CaseState fromState, CaseState toState, Map<String, Object> data) {

    public CaseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(toState, "toState");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static Builder of(CaseEventType type, CaseState from, CaseState to) {
        return new Builder(type, from, to);
    }

    public Integer round() {
        Object round = data.get("round");
        return round == null ? null : ((Number) round).intValue();
    }

    public Instant dueAt() {
        Object dueAt = data.get("dueAt");
        return dueAt == null ? null : Instant.parse(dueAt.toString());
    }

    public VerificationBasis verificationBasis() {
        Object basis = data.get("verificationBasis");
        return basis == null ? null : VerificationBasis.valueOf(basis.toString());
    }

    /** Collects data entries in order, skipping absent values. */
    public static final class Builder {
        private final CaseEventType type;
        private final CaseState from;
        private final CaseState to;
        private final Map<String, Object> data = new LinkedHashMap<>();

        private Builder(CaseEventType type, CaseState from, CaseState to) {
            this.type = type;
            this.from = from;
            this.to = to;
        }

        public Builder with(String key, Object value) {
            if (value != null) {
                data.put(key, value instanceof Enum<?> e ? e.name() : value instanceof Instant i ? i.toString() : value);
            }
            return this;
        }

        public CaseEvent build() {
            return new CaseEvent(type, from, to, data);
        }
    }
}
