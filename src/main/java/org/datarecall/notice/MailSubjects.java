package org.datarecall.notice;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The subject line of each kind of mail; the words are in {@code messages/mailSubject_en.properties}.
 * A message bundle rather than a part of the body templates: a subject is one header line that
 * must never be HTML-escaped, the text and HTML bodies would each have to carry it, and a second
 * language is one more file beside this one that Qute selects by locale. The build checks every
 * expression against these parameters, as it does for the bodies.
 */
@MessageBundle(value = "mailSubject", locale = "en")
public interface MailSubjects {

    @Message
    String revocationNotice(String campaignTitle);

    @Message
    String deletionRequest(String deadline);

    @Message
    String reminder(boolean overdue, String deadline);

    @Message
    String escalation(String name, String developerId, String campaignTitle);

    @Message
    String withdrawalNotice(String campaignTitle);

    @Message
    String auditNotice(String campaignTitle);

    @Message
    String auditResult(String campaignTitle);

    @Message
    String evidenceRequest(String campaignTitle);

    @Message
    String attestationReceipt(String campaignTitle);

    @Message
    String signatoryCode(String campaignTitle);

    @Message
    String delegationNotice(String campaignTitle);

    @Message
    String delegationConfirmation(String name, String campaignTitle);
}
