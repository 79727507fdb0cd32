package org.datarecall.portal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A third party the developer passed the data on to: a name, and an address when the developer gives
 * one. One with an address becomes a sub-case of its own
 * ({@link org.datarecall.casework.CaseWriter#openSubCases}).
 */
public record ThirdParty(String name, String email) {

    /**
     * As the canonical form and the API show it: the name alone (as attestations have always written a
     * third party), or {@code {name, email}}.
     */
    public Object shown() {
        if (email == null) {
            return name;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("email", email);
        return m;
    }
}
