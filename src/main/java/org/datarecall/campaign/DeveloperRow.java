package org.datarecall.campaign;

import java.time.Instant;
import java.util.List;

/** One checked developer of an upload. */
public record DeveloperRow(long row, String developerId, String name, String email, List<String> ccEmails,
        List<String> appIds, Instant lastAccessAt) {
}
