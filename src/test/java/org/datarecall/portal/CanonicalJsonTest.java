package org.datarecall.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void members_are_sorted_and_nothing_is_spaced() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of("x", "y"));
        m.put("a", true);
        m.put("c", null);
        m.put("B", 12);
        m.put("nested", Map.of("z", 1, "y", false));
        assertThat(CanonicalJson.write(m)).isEqualTo("{\"B\":12,\"a\":true,\"b\":[\"x\",\"y\"],\"c\":null,"
                + "\"nested\":{\"y\":false,\"z\":1}}");
    }

    @Test
    void strings_are_escaped_as_rfc_8785_says() {
        Map<String, Object> m = Map.of("s", "quote \" backslash \\ line\nfeed tab\t bell\u0007 é € 😀 </script>");
        assertThat(CanonicalJson.write(m)).isEqualTo(
                "{\"s\":\"quote \\\" backslash \\\\ line\\nfeed tab\\t bell\\u0007 é € 😀 </script>\"}");
    }

    @Test
    void keys_sort_by_utf16_code_units() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : Arrays.asList("\u20ac", "\r", "\ufb33", "1", "\ud83d\ude00", "\u0080", "\u00f6")) {
            m.put(k, k.length());
        }
        // The order RFC 8785 section 3.2.3 gives for its example keys.
        assertThat(CanonicalJson.write(m)).isEqualTo("{\"\\r\":1,\"1\":1,\"\u0080\":1,\"\u00f6\":1,\"\u20ac\":1,"
                + "\"\ud83d\ude00\":2,\"\ufb33\":1}");
    }
}
