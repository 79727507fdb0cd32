package org.datarecall.notice;

import java.util.List;
import java.util.UUID;

/**
 * What every mail shows besides its own words, laid out by {@code templates/mail/layout.txt} and
 * {@code layout.html}: whom it addresses, the incident, the deadline and the facts given with it.
 *
 * @param subject  the subject already flattened to one line
 * @param name     the developer's name
 * @param deadline the deadline in UTC as words, or null
 * @param hasLink  whether the mail carries the developer's personal link
 * @param reason   why the mail was sent (a rejection, an escalation), or null
 * @param findings an auditor's findings, or null
 * @param language the tag of the language the mail is written in ({@code lang} of its HTML)
 */
public record MailContent(String platformName, String subject, String name, String campaignTitle,
        List<String> dataCategories, String deadline, boolean hasLink, String reason, String findings,
        UUID reference, String language) {

    /** Where the sender puts the developer's link; it never reaches the database as a working URL. */
    public static final String LINK_PLACEHOLDER = "[[DEVELOPER_LINK]]";

    /** Where a signatory's code goes; the stored copy of the mail keeps this instead of the code. */
    public static final String CODE_PLACEHOLDER = "[[SIGNATORY_CODE]]";

    public String link() {
        return LINK_PLACEHOLDER;
    }
}
