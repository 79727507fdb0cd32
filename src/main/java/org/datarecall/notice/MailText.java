package org.datarecall.notice;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the mails to developers, {@code {mt:…}} in {@code templates/mail}; English in
 * {@code messages/mt_en.properties}, German and French beside it. The templates keep the layout and
 * the order of things; each sentence is a message with the facts it needs, so one translation serves
 * the text and the HTML body (the HTML template escapes what a message returns, names included).
 * The escalation mail goes to staff and the checkpoint mail to witnesses: both stay English.
 */
@MessageBundle(value = "mt", locale = "en")
public interface MailText {

    @Message
    String greeting(String name);

    @Message
    String greetingNeutral();

    @Message
    String personalLink();

    @Message
    String openCase();

    @Message
    String copyLink();

    @Message
    String deadline();

    @Message
    String incident();

    @Message
    String dataConcerned();

    @Message
    String reason();

    @Message
    String auditFindings();

    @Message
    String reference();

    @Message
    String attestation();

    @Message
    String questions();

    @Message
    String signature(String platformName);

    @Message
    String receipt();

    @Message
    String auditNotice();

    @Message
    String auditResult();

    @Message
    String evidenceRequested();

    @Message
    String evidenceHow();

    @Message
    String handedTo(String name, String email);

    @Message
    String notHandedOver();

    @Message
    String handedToYou(String from, String developer);

    @Message
    String deleteEveryCopyFor(String developer);

    @Message
    String attestForThem();

    @Message
    String askingAgain(int round);

    @Message
    String deleteEveryCopy();

    @Message
    String attest();

    @Message
    String reminderOverdue();

    @Message
    String reminderDue();

    @Message
    String passedOnToYou(String from, String platformName);

    @Message
    String accessRevoked(String platformName, String apps, int appCount);

    @Message
    String requestFollows();

    @Message
    String codeRequested(String developer);

    @Message
    String codeValidity(long minutes, int tries);

    @Message
    String withdrawn();
}
