package org.datarecall.campaign;

import org.datarecall.platform.i18n.Language;

import java.time.Instant;
import java.util.List;

/** One checked developer of an upload; {@code language} null: the upload named none (kept, or English when new). */
public record DeveloperRow(long row, String developerId, String name, String email, List<String> ccEmails,
        List<String> appIds, Instant lastAccessAt, Language language, String requestedLocale) {
}
