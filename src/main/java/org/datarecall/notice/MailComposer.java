package org.datarecall.notice;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.datarecall.campaign.Campaign;
import org.datarecall.notice.MailContent.Detail;
import org.datarecall.platform.DataRecallConfig;
import org.datarecall.platform.Ids;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes the mails: what each kind says, rendered from the text and HTML templates when the notice
 * is decided, so that the outbox holds exactly what will be sent (but for the developer link).
 * Everything that came from outside (names, titles, reasons) is escaped by the HTML template and
 * kept out of headers' line breaks.
 */
@ApplicationScoped
public class MailComposer {

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t]+");

    static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    @CheckedTemplate(basePath = "mail")
    static class Templates {
        static native TemplateInstance noticeText(MailContent m);

        static native TemplateInstance noticeHtml(MailContent m);
    }

    @Inject
    DataRecallConfig config;

    @ConfigProperty(name = "quarkus.mailer.from")
    Optional<String> mailerFrom;

    /** A mail about one case; ESCALATION goes to the escalation recipients, the rest to the developer. */
    public NoticeDraft compose(NoticeKind kind, Campaign campaign, MailCase c, MailFacts facts, UUID linkId,
            Instant now) {
        List<String> paragraphs = new ArrayList<>();
        List<Detail> details = new ArrayList<>();
        String platform = config.platformName();
        String deadline = facts.deadline() == null ? null : DEADLINE.format(facts.deadline());
        boolean link = false;
        String subject;
        String greeting = "Dear " + c.name() + ",";
        String closing = "If you have questions, reply to this mail and quote the reference below.";
        switch (kind) {
            case REVOCATION_NOTICE -> {
                subject = "Access to user data revoked: " + campaign.title();
                paragraphs.add(platform + " found that " + apps(c) + " could still read user data after that "
                        + "access should have ended. We have revoked this access.");
                if (!campaign.description().isBlank()) {
                    paragraphs.add(campaign.description());
                }
                paragraphs.add("You will receive a request to delete every copy of this data that you kept, with a "
                        + "deadline and a personal link to confirm the deletion. Nothing is needed from you until then.");
            }
            case DELETION_REQUEST -> {
                link = true;
                subject = "Action required: delete retained user data by " + DEADLINE.format(facts.deadline());
                if (facts.round() > 1) {
                    paragraphs.add("We are asking again (round " + facts.round() + "): the previous confirmation "
                            + "could not be accepted.");
                }
                paragraphs.add("Please delete every copy of the data listed below that your organisation kept: in "
                        + "databases, files, logs, analytics stores and backups, and with anyone you shared it with.");
                paragraphs.add("Then open your personal link and submit a signed deletion attestation before the "
                        + "deadline. If you never kept the data, say so there.");
            }
            case REMINDER -> {
                link = true;
                subject = (facts.overdue() ? "Overdue: deletion attestation was due " : "Reminder: deletion attestation due ")
                        + DEADLINE.format(facts.deadline());
                paragraphs.add(facts.overdue()
                        ? "We have not received your deletion attestation, and the deadline has passed. Please submit "
                                + "it now; cases that stay silent are escalated."
                        : "We have not yet received your deletion attestation. Please delete the data listed below "
                                + "and submit the attestation before the deadline.");
            }
            case ESCALATION -> {
                greeting = "Hello,";
                subject = "Escalated: " + c.name() + " (" + c.developerId() + ") in " + campaign.title();
                paragraphs.add(c.name() + " has not confirmed deletion and the case is now ESCALATED. "
                        + "Extend the deadline or enforce a measure from the case.");
                details.add(new Detail("Developer", c.developerId() + " — " + c.email()));
                details.add(new Detail("Risk tier", c.riskTier()));
                details.add(new Detail("Round", Integer.toString(facts.round())));
                closing = "This mail goes to the escalation recipients of the data recall.";
            }
            case WITHDRAWAL_NOTICE -> {
                subject = "Request withdrawn: " + campaign.title();
                paragraphs.add("We have withdrawn our request concerning this incident. Nothing further is needed "
                        + "from you. Thank you for your attention.");
            }
            case AUDIT_NOTICE -> {
                subject = "Your deletion will be verified: " + campaign.title();
                paragraphs.add("Thank you for your attestation. Your case was selected for a verification audit; an "
                        + "auditor will contact you about the evidence needed.");
            }
            case AUDIT_RESULT -> {
                subject = "Deletion verified: " + campaign.title();
                paragraphs.add("The audit confirmed the deletion. Your case is closed; thank you.");
            }
            case ATTESTATION_RECEIPT -> {
                link = true;
                subject = "Attestation received: " + campaign.title();
                paragraphs.add("We received your deletion attestation. Keep this mail as your receipt: the SHA-256 "
                        + "digest below identifies exactly what you submitted, and your personal link shows it "
                        + "until the link expires.");
                details.add(new Detail("Attestation", facts.attestationId()));
                details.add(new Detail("SHA-256", facts.digest()));
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        if (facts.reason() != null) {
            details.add(new Detail("Reason", facts.reason()));
        }
        if (facts.findings() != null) {
            details.add(new Detail("Audit findings", facts.findings()));
        }
        details.add(new Detail("Reference", c.caseId().toString()));
        subject = oneLine(subject);
        MailContent content = new MailContent(platform, subject, greeting, paragraphs, deadline, link, details,
                campaign.title(), campaign.dataCategories(), closing);
        UUID id = Ids.newId(now);
        List<String> to = kind.toDeveloper() ? List.of(c.email()) : config.escalation().recipients().orElse(List.of());
        List<String> cc = kind.toDeveloper() ? c.ccEmails() : List.of();
        return new NoticeDraft(id, campaign.id(), c.caseId(), kind, facts.round(), null, to, cc, subject,
                Templates.noticeText(content).render(), Templates.noticeHtml(content).render(),
                link ? linkId : null, messageId(id), now);
    }

    /** A Message-ID derived from the notice id, so that a resent copy is recognisably the same mail. */
    public String messageId(UUID noticeId) {
        String from = config.mail().from().orElse(mailerFrom.orElse("data-recall@localhost"));
        String domain = from.contains("@") ? from.substring(from.lastIndexOf('@') + 1).replace(">", "").strip()
                : "localhost";
        return "<" + noticeId + "@" + domain + ">";
    }

    private static String apps(MailCase c) {
        if (c.appIds().isEmpty()) {
            return "your apps";
        }
        return (c.appIds().size() == 1 ? "your app " : "your apps ") + String.join(", ", c.appIds());
    }

    /** Header values never carry line breaks, whatever a title or name holds. */
    static String oneLine(String text) {
        String flat = LINE_BREAKS.matcher(text).replaceAll(" ").strip();
        return flat.length() > 200 ? flat.substring(0, 197) + "..." : flat;
    }
}
