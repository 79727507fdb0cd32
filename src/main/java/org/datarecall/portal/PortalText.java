package org.datarecall.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the developer's page, {@code {pt:…}} in {@code templates/portal}, and the few the page
 * class writes itself (time left, notices); English in {@code messages/pt_en.properties}, German and
 * French beside it. The page is written in the case's language ({@code locale}).
 */
@MessageBundle(value = "pt", locale = "en")
public interface PortalText {

    @Message
    String pageTitle(String title);

    @Message
    String dataProtection(String platform);

    @Message
    String handedOver(String name);

    @Message
    String yourCase();

    @Message
    String developer();

    @Message
    String status();

    @Message
    String round(int round);

    @Message
    String deadline();

    @Message
    String exposure();

    @Message
    String exposureRange(String from, String to);

    @Message
    String dataConcerned();

    @Message
    String attestationReceived();

    @Message
    String thanks();

    @Message
    String thanksLate();

    @Message
    String attestation();

    @Message
    String received();

    @Message
    String digestHelp();

    @Message
    String evidenceAttached();

    @Message
    String evidenceDigestHelp();

    @Message
    String file();

    @Message
    String size();

    @Message
    String evidenceHeading();

    @Message
    String evidenceHelp(String maxSize);

    @Message
    String uploadFile();

    @Message
    String requestHeading();

    @Message
    String requestHelp();

    @Message
    String requestUploadHelp(String maxSize);

    @Message
    String suppliedHeading();

    @Message
    String sendTicked();

    @Message
    String noteToAuditor();

    @Message
    String uploadFirst();

    @Message
    String signatoryHeading();

    @Message
    String signatoryHelp();

    @Message
    String signatoryEmail();

    @Message
    String mailMeACode();

    @Message
    String formHeading();

    @Message
    String formHelp();

    @Message
    String whatConfirming();

    @Message
    String kindDeleted();

    @Message
    String kindNeverRetained();

    @Message
    String dataCovered();

    @Message
    String dataCoveredHelp();

    @Message
    String deletedAt();

    @Message
    String deletedAtHelp();

    @Message
    String method();

    @Message
    String methodHelp();

    @Message
    String choose();

    @Message
    String methodClear();

    @Message
    String methodPurge();

    @Message
    String methodDestroy();

    @Message
    String methodNotApplicable();

    @Message
    String systems();

    @Message
    String systemsHelp();

    @Message
    String backups();

    @Message
    String backupsYes();

    @Message
    String backupsNo();

    @Message
    String shared();

    @Message
    String no();

    @Message
    String sharedYes();

    @Message
    String thirdParties();

    @Message
    String thirdPartiesHelp();

    @Message
    String retained();

    @Message
    String retainedHelp();

    @Message
    String verification();

    @Message
    String verificationHelp();

    @Message
    String statement();

    @Message
    String signedBy();

    @Message
    String fullName();

    @Message
    String roleTitle();

    @Message
    String emailAddress();

    @Message
    String code();

    @Message
    String codeHelp(long minutes);

    @Message
    String authority();

    @Message
    String authorityHelp();

    @Message
    String evidenceToAttach();

    @Message
    String declaration();

    @Message
    String declarationText();

    @Message
    String declarationBinding();

    @Message
    String submit();

    @Message
    String delegateHeading();

    @Message
    String delegateHelp();

    @Message
    String theirName();

    @Message
    String theirEmail();

    @Message
    String whyThem();

    @Message
    String handOver();

    @Message
    String noAttestationHeading();

    @Message
    String noAttestation(String state);

    @Message
    String left(String amount);

    @Message
    String overdueBy(String amount);

    @Message
    String days(long count);

    @Message
    String hours(long count);

    @Message
    String minutes(long count);

    @Message
    String codeMailed(String email, long minutes);

    @Message
    String correctFields();

    @Message
    String notHandedOver();

    @Message
    String fieldInvalid();

    @Message
    String refused();

    @Message
    String tooManyAttempts();

    @Message
    String tooManyAttemptsText();

    @Message
    String linkDoesNotWork();

    @Message
    String linkDoesNotWorkText();

    @Message
    String newerLink();

    @Message
    String statePENDING();

    @Message
    String stateNOTIFIED();

    @Message
    String stateDELETION_REQUESTED();

    @Message
    String stateATTESTED();

    @Message
    String stateAUDIT_PENDING();

    @Message
    String stateVERIFIED();

    @Message
    String stateESCALATED();

    @Message
    String stateENFORCED();

    @Message
    String stateWITHDRAWN();
}
