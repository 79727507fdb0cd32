package org.datarecall.notice;

import org.datarecall.platform.i18n.Language;

import java.util.List;
import java.util.UUID;

/**
 * The case as its mails speak of it: the developer, how to reach them, and the facts staff need
 * when a case is escalated. The notice package owns it so that mail never depends on casework.
 * {@code onwardFrom} names the developer that passed the data on, when the case is a third party's;
 * {@code language} is the one the developer's mails are written in.
 */
public record MailCase(UUID caseId, String developerId, String name, String email, List<String> ccEmails,
        List<String> appIds, String riskTier, String onwardFrom, Language language) {
}
