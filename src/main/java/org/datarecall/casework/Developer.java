package org.datarecall.casework;

import java.time.Instant;
import java.util.List;

/** The developer a case is about, with its contacts. */
public record Developer(String developerId, String name, String email, List<String> ccEmails, List<String> appIds,
        Instant lastAccessAt) {
}
