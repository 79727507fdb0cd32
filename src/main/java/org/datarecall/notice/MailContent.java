package org.datarecall.notice;

import java.util.List;

/**
 * What one mail says, laid out by the text and HTML templates alike.
 *
 * @param deadline the deadline in UTC as words, or null
 * @param hasLink  whether the mail carries the developer's personal link
 * @param details  label and value pairs (reason, findings, case facts)
 */
public record MailContent(String platformName, String subject, String greeting, List<String> paragraphs,
        String deadline, boolean hasLink, List<Detail> details, String campaignTitle, List<String> dataCategories,
        String closing) {

    public record Detail(String label, String value) {
    }

    /** Where the sender puts the developer's link; it never reaches the database as a working URL. */
    public static final String LINK_PLACEHOLDER = "[[DEVELOPER_LINK]]";

    public String link() {
        return LINK_PLACEHOLDER;
    }
}
