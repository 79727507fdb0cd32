package org.datarecall.casework;

import java.util.List;

import org.datarecall.link.DeveloperLinks;
import org.datarecall.notice.NoticeDraft;

/** A transition with what it brings along: the mails it sends and the developer link it opens. */
public record PlannedTransition(CaseTransition transition, List<NoticeDraft> notices, DeveloperLinks.Link newLink) {
}
