package org.datarecall.casework;

import java.util.Map;

import org.datarecall.platform.error.DomainError;

/** The caller acted on a version of the case that is no longer current ({@code If-Match}). */
public class StaleVersion extends DomainError {

    private final Long currentVersion;

    public StaleVersion(long currentVersion, long expected) {
        super(Kind.STALE, "stale-version", "Precondition failed", "the case is at version " + currentVersion
                + ", not " + expected + "; read it again before acting");
        this.currentVersion = currentVersion;
    }

    /** An {@code If-Match} that names no version at all. */
    public StaleVersion(String detail) {
        super(Kind.STALE, "stale-version", "Precondition failed", detail);
        this.currentVersion = null;
    }

    @Override
    public Map<String, Object> properties() {
        return currentVersion == null ? Map.of() : Map.of("currentVersion", currentVersion);
    }
}
