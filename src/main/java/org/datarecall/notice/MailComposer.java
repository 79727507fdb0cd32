package org.datarecall.notice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.datarecall.campaign.Campaign;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.i18n.Language;
import org.datarecall.platform.i18n.Translations;
import org.datarecall.platform.jdbc.Ids;


import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes the mails when the notice is decided, so that the outbox holds exactly what will be sent
 * (but for the developer link). This class decides which kind is sent and which facts it states;
 * the words are in {@code templates/mail/<kind>.txt|html} and {@link MailSubjects}. Everything that
 * came from outside (names, titles, reasons) is escaped by the HTML templates and kept out of
 * headers' line breaks.
 */
@ApplicationScoped
public class MailComposer {

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t]+");


    /** One template per kind, each a text and an HTML variant around {@code mail/layout.txt|html}. */
    @CheckedTemplate(basePath = "mail")
    static class Templates {
        static native TemplateInstance revocationNotice(MailContent mail, Revocation revocation);

        static native TemplateInstance deletionRequest(MailContent mail, Request request);

        static native TemplateInstance reminder(MailContent mail, Reminder reminder);

        static native TemplateInstance escalation(MailContent mail, Escalation escalation);

        static native TemplateInstance withdrawalNotice(MailContent mail);

        static native TemplateInstance auditNotice(MailContent mail);

        static native TemplateInstance auditResult(MailContent mail);

        static native TemplateInstance evidenceRequest(MailContent mail);

        static native TemplateInstance attestationReceipt(MailContent mail, Receipt receipt);

        static native TemplateInstance signatoryCode(MailContent mail, Code code);

        static native TemplateInstance delegationNotice(MailContent mail, MailFacts.Delegation handed);

        static native TemplateInstance delegationConfirmation(MailContent mail, MailFacts.Delegation handed);
    }

    /** The code itself is a placeholder here: the rendered mail may be stored, the code never is. */
    record Code(String code, long validMinutes, int tries) {
    }

    /** @param description the campaign's description, or null when it has none */
    /** @param onwardFrom the developer that passed the data on, when the mail goes to a third party */
    record Revocation(List<String> appIds, String description, String onwardFrom) {
        /** The apps, comma-separated, for the sentence that names them. */
        public String apps() {
            return String.join(", ", appIds);
        }
    }

    record Request(int round) {
    }

    record Reminder(boolean overdue) {
    }

    record Escalation(String developerId, String email, String riskTier, int round) {
    }

    record Receipt(String attestationId, String digest) {
    }

    /** A kind's subject and its body; the body still needs the content it shares with every mail. */
    private record Wording(String subject, Function<MailContent, TemplateInstance> body) {
    }

    @Inject
    DataRecallConfig config;

    @Inject
    SmtpClient smtp;

    /** A mail about one case; ESCALATION goes to the escalation recipients, the rest to the developer. */
    public NoticeDraft compose(NoticeKind kind, Campaign campaign, MailCase c, MailFacts facts, UUID linkId,
            Instant now) {
        String title = campaign.title();
        // Staff read the escalation: it stays English whatever the developer's language.
        Language language = kind.toDeveloper() ? c.language() : Language.EN;
        MailSubjects subjects = subjects(language);
        String deadline = facts.deadline() == null ? null : language.dateTime(facts.deadline());
        Wording wording = switch (kind) {
            case REVOCATION_NOTICE -> new Wording(subjects.revocationNotice(title),
                    mail -> Templates.revocationNotice(mail, new Revocation(c.appIds(),
                            campaign.description().isBlank() ? null : campaign.description(), c.onwardFrom())));
            case DELETION_REQUEST -> new Wording(subjects.deletionRequest(deadline),
                    mail -> Templates.deletionRequest(mail, new Request(facts.round())));
            case REMINDER -> new Wording(subjects.reminder(facts.overdue(), deadline),
                    mail -> Templates.reminder(mail, new Reminder(facts.overdue())));
            case ESCALATION -> new Wording(subjects.escalation(c.name(), c.developerId(), title),
                    mail -> Templates.escalation(mail,
                            new Escalation(c.developerId(), c.email(), c.riskTier(), facts.round())));
            case WITHDRAWAL_NOTICE -> new Wording(subjects.withdrawalNotice(title), Templates::withdrawalNotice);
            case AUDIT_NOTICE -> new Wording(subjects.auditNotice(title), Templates::auditNotice);
            case AUDIT_RESULT -> new Wording(subjects.auditResult(title), Templates::auditResult);
            case EVIDENCE_REQUEST -> new Wording(subjects.evidenceRequest(title), Templates::evidenceRequest);
            case ATTESTATION_RECEIPT -> new Wording(subjects.attestationReceipt(title),
                    mail -> Templates.attestationReceipt(mail, new Receipt(facts.attestationId(), facts.digest())));
            case DELEGATION_NOTICE -> new Wording(subjects.delegationNotice(title),
                    mail -> Templates.delegationNotice(mail, facts.delegation()));
            case DELEGATION_CONFIRMATION -> new Wording(subjects.delegationConfirmation(facts.delegation().name(),
                    title), mail -> Templates.delegationConfirmation(mail, facts.delegation()));
            case SIGNATORY_CODE -> throw new IllegalArgumentException("a signatory's code is composed by signatoryCode");
            case CHECKPOINT -> throw new IllegalArgumentException("a checkpoint mail is composed by the checkpoint service");
        };
        String subject = oneLine(wording.subject());
        boolean link = kind.carriesLink();
        TemplateInstance body = wording.body().apply(new MailContent(config.platformName(), subject, c.name(), title,
                campaign.dataCategories(), deadline, link, facts.reason(), facts.findings(), c.caseId(),
                language.tag())).setLocale(language.locale());
        UUID id = Ids.newId(now);
        List<String> to = kind.toDeveloper() ? List.of(c.email()) : config.escalation().recipients().orElse(List.of());
        List<String> cc = kind.toDeveloper() ? c.ccEmails() : List.of();
        return new NoticeDraft(id, campaign.id(), c.caseId(), kind, facts.round(), null, to, cc, subject,
                render(body, Variant.TEXT_PLAIN), render(body, Variant.TEXT_HTML), link ? linkId : null,
                messageId(id), now);
    }

    /**
     * The mail with a signatory's code, to the address the signatory gave (not the developer's). Its
     * bodies hold {@link MailContent#CODE_PLACEHOLDER}, which only {@link SignatoryCodeMail} fills in.
     */
    public NoticeDraft signatoryCode(Campaign campaign, MailCase c, int round, String signatoryEmail,
            java.time.Duration validFor, int tries, Instant now) {
        String subject = oneLine(subjects(c.language()).signatoryCode(campaign.title()));
        TemplateInstance body = Templates.signatoryCode(new MailContent(config.platformName(), subject, c.name(),
                campaign.title(), campaign.dataCategories(), null, false, null, null, c.caseId(), c.language().tag()),
                new Code(MailContent.CODE_PLACEHOLDER, validFor.toMinutes(), tries)).setLocale(c.language().locale());
        UUID id = Ids.newId(now);
        return new NoticeDraft(id, campaign.id(), c.caseId(), NoticeKind.SIGNATORY_CODE, round, null,
                List.of(signatoryEmail), List.of(), subject, render(body, Variant.TEXT_PLAIN),
                render(body, Variant.TEXT_HTML), null, messageId(id), now);
    }

    /** The subjects in a language ({@code messages/mailSubject_<tag>.properties}). */
    static MailSubjects subjects(Language language) {
        return Translations.of(MailSubjects.class, language);
    }

    /** A kind's .txt and .html are variants of one checked template; the variant picks the file. */
    private static String render(TemplateInstance body, String contentType) {
        return body.setVariant(Variant.forContentType(contentType)).render();
    }

    /** A Message-ID derived from the notice id, so that a resent copy is recognisably the same mail. */
    public String messageId(UUID noticeId) {
        String from = smtp.from();
        String domain = from.contains("@") ? from.substring(from.lastIndexOf('@') + 1).replace(">", "").strip()
                : "localhost";
        return "<" + noticeId + "@" + domain + ">";
    }

    /** Header values never carry line breaks, whatever a title or name holds. */
    static String oneLine(String text) {
        String flat = LINE_BREAKS.matcher(text).replaceAll(" ").strip();
        return flat.length() > 200 ? flat.substring(0, 197) + "..." : flat;
    }
}
