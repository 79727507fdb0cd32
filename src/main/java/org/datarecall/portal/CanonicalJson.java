package org.datarecall.portal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON in the canonical form of RFC 8785 (JCS) for the values an attestation holds: objects with
 * members sorted by key (UTF-16 code units, as {@link String#compareTo} orders them), no
 * whitespace, strings escaped as JCS prescribes, integers, booleans and null. Any JCS library
 * gives the same text for the same attestation, so anyone can recompute its digest.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String write(Map<String, ?> object) {
        StringBuilder out = new StringBuilder(1024);
        value(out, object);
        return out.toString();
    }

    private static void value(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l when Math.abs(l) <= (1L << 53) -> out.append(l);
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(out, list.get(i));
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                // A TreeMap in natural order is already sorted as JCS wants: no copy (an event line per row).
                Map<?, ?> sorted = map instanceof TreeMap<?, ?> t && t.comparator() == null ? map : new TreeMap<>(map);
                for (Map.Entry<?, ?> e : sorted.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, (String) e.getKey());
                    out.append(':');
                    value(out, e.getValue());
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("no canonical form for " + value.getClass().getSimpleName());
        }
    }

    /** Appends the runs that need no escape whole: most strings (ids, hashes, states) have none. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append(s, from, s.length());
        out.append('"');
    }
}
