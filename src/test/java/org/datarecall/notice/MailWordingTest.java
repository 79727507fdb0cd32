package org.datarecall.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.platform.config.DataRecallConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Every kind of mail as the templates word it, without a database row or a mail server. */
@QuarkusTest
class MailWordingTest {

    static final Instant NOW = Instant.parse("2026-06-01T09:00:00Z");
    static final Instant DUE = Instant.parse("2026-07-01T09:00:00Z");
    static final String DEADLINE = "Wednesday 1 July 2026, 09:00 UTC";
    static final UUID CASE_ID = UUID.fromString("0190a0b0-0000-7000-8000-000000000001");
    static final UUID LINK_ID = UUID.fromString("0190a0b0-0000-7000-8000-0000000000aa");

    @Inject
    MailComposer composer;

    @Inject
    DataRecallConfig config;

    /** What a kind must say: its subject, and sentences found in the text and the HTML body alike. */
    record Wording(String subject, String... sentences) {
    }

    @ParameterizedTest
    @EnumSource(value = NoticeKind.class, names = { "SIGNATORY_CODE", "CHECKPOINT" }, mode = EnumSource.Mode.EXCLUDE)
    void each_kind_has_its_subject_and_says_its_words_in_text_and_html(NoticeKind kind) {
        MailFacts facts = MailFacts.of(2, DUE);
        Wording expected = switch (kind) {
            case REVOCATION_NOTICE -> new Wording("Access to user data revoked: Group data leak",
                    "Dear Dev One,",
                    config.platformName() + " found that your apps app-1, app-2 could still read user data after"
                            + " that access should have ended. We have revoked this access.",
                    "The groups API returned member data.",
                    "Nothing is needed from you until then.");
            case DELETION_REQUEST -> new Wording("Action required: delete retained user data by " + DEADLINE,
                    "We are asking again (round 2): the previous confirmation could not be accepted.",
                    "Please delete every copy of the data listed below that your organisation kept",
                    "submit a signed deletion attestation before the deadline");
            case REMINDER -> new Wording("Reminder: deletion attestation due " + DEADLINE,
                    "We have not yet received your deletion attestation.");
            case ESCALATION -> new Wording("Escalated: Dev One (dev-1) in Group data leak",
                    "Hello,",
                    "Dev One has not confirmed deletion and the case is now ESCALATED.",
                    "dev-1 — one@example.com", "HIGH",
                    "This mail goes to the escalation recipients of the data recall.");
            case WITHDRAWAL_NOTICE -> new Wording("Request withdrawn: Group data leak",
                    "We have withdrawn our request concerning this incident.");
            case AUDIT_NOTICE -> new Wording("Your deletion will be verified: Group data leak",
                    "Your case was selected for a verification audit");
            case AUDIT_RESULT -> new Wording("Deletion verified: Group data leak",
                    "The audit confirmed the deletion. Your case is closed; thank you.");
            case ATTESTATION_RECEIPT -> new Wording("Attestation received: Group data leak",
                    "Keep this mail as your receipt", "att-1", "9f86d081");
            case DELEGATION_NOTICE -> new Wording("Action required: a deletion request handed to you: Group data leak",
                    "Dear Grace Hopper,", "one@example.com has handed you our request to Dev One",
                    "submit a signed deletion attestation before the deadline");
            case DELEGATION_CONFIRMATION -> new Wording("Request handed to Grace Hopper: Group data leak",
                    "Dear Dev One,", "Our request has been handed to Grace Hopper",
                    "can no longer answer it");
            case EVIDENCE_REQUEST -> new Wording("Evidence requested for your deletion: Group data leak",
                    "Dear Dev One,", "The audit of your deletion needs more evidence.",
                    "Open your personal link, upload the files");
            case SIGNATORY_CODE, CHECKPOINT -> throw new IllegalArgumentException("composed on its own");
        };
        if (kind == NoticeKind.ATTESTATION_RECEIPT) {
            facts = facts.receipt("att-1", "9f86d081");
        }
        if (kind == NoticeKind.DELEGATION_NOTICE || kind == NoticeKind.DELEGATION_CONFIRMATION) {
            facts = facts.delegated("Grace Hopper", "grace@developer.example", "one@example.com");
        }

        NoticeDraft mail = compose(kind, campaign("Group data leak", "The groups API returned member data."),
                developer("Dev One"), facts);

        assertThat(mail.subject()).isEqualTo(expected.subject());
        assertThat(mail.bodyText()).contains(expected.sentences()).contains("Deadline: " + DEADLINE)
                .contains("Incident: Group data leak").contains("Data concerned: group member names, profile pictures")
                .contains("Reference: " + CASE_ID).contains(config.platformName() + " data recall");
        assertThat(mail.bodyHtml()).contains(expected.sentences())
                .contains("<title>" + expected.subject() + "</title>")
                .contains("<strong>Deadline: " + DEADLINE + "</strong>")
                .contains("group member names, profile pictures").contains(CASE_ID.toString());
    }

    @Test
    void a_signatory_code_goes_to_the_signatory_with_a_place_for_the_code_and_no_link() {
        NoticeDraft mail = composer.signatoryCode(campaign("Group data leak", ""), developer("Dev One"), 1,
                "signer@developer.example", java.time.Duration.ofMinutes(15), 5, NOW);

        assertThat(mail.kind()).isEqualTo(NoticeKind.SIGNATORY_CODE);
        assertThat(mail.to()).containsExactly("signer@developer.example");
        assertThat(mail.cc()).isEmpty();
        assertThat(mail.linkTokenId()).isNull();
        assertThat(mail.subject()).isEqualTo("Your code to sign the deletion attestation: Group data leak");
        assertThat(mail.bodyText()).startsWith("Hello,\n")
                .contains("Someone is signing a deletion attestation for Dev One")
                .contains("\n" + MailContent.CODE_PLACEHOLDER + "\n").contains("works for 15 minutes and for 5 tries")
                .doesNotContain("Deadline").doesNotContain("personal link");
        assertThat(mail.bodyHtml()).contains("<p>Hello,</p>").contains(MailContent.CODE_PLACEHOLDER)
                .doesNotContain("Open your case");
    }

    @Test
    void an_overdue_reminder_says_so() {
        NoticeDraft mail = compose(NoticeKind.REMINDER, campaign("Group data leak", ""), developer("Dev One"),
                MailFacts.of(1, DUE).reminding("P3D", true));

        assertThat(mail.subject()).isEqualTo("Overdue: deletion attestation was due " + DEADLINE);
        assertThat(mail.bodyText()).contains("the deadline has passed. Please submit it now");
        assertThat(mail.bodyHtml()).contains("the deadline has passed. Please submit it now");
    }

    @Test
    void reasons_and_findings_are_listed_with_the_details() {
        NoticeDraft mail = compose(NoticeKind.DELETION_REQUEST, campaign("Group data leak", ""), developer("Dev One"),
                MailFacts.of(2, DUE).because("Backups still hold the data.").found("Copies in the warehouse"));

        assertThat(mail.bodyText()).contains("Reason: Backups still hold the data.\n"
                + "Audit findings: Copies in the warehouse\n"
                + "Reference: " + CASE_ID);
        assertThat(mail.bodyHtml())
                .contains(">Reason</th><td style=\"white-space: pre-wrap;\">Backups still hold the data.<")
                .contains(">Audit findings</th><td style=\"white-space: pre-wrap;\">Copies in the warehouse<");
    }

    @Test
    void outside_values_are_escaped_in_html_and_kept_as_written_in_text() {
        NoticeDraft mail = compose(NoticeKind.DELETION_REQUEST, campaign("Leak <b>now</b>", ""),
                developer("<script>alert(1)</script> Dev"),
                MailFacts.of(2, DUE).because("a < b & \"c\""));

        assertThat(mail.bodyHtml()).doesNotContain("<script>").doesNotContain("<b>")
                .contains("Dear &lt;script&gt;alert(1)&lt;/script&gt; Dev,")
                .contains("Leak &lt;b&gt;now&lt;/b&gt;")
                .contains("a &lt; b &amp; &quot;c&quot;");
        assertThat(mail.bodyText()).contains("Dear <script>alert(1)</script> Dev,").contains("Reason: a < b & \"c\"");
    }

    @Test
    void a_title_with_line_breaks_gives_a_subject_of_one_line() {
        NoticeDraft mail = compose(NoticeKind.ESCALATION, campaign("Leak\r\nBcc: evil@example.com\tnow", ""),
                developer("Dev\nOne"), MailFacts.of(1, DUE));

        assertThat(mail.subject()).isEqualTo("Escalated: Dev One (dev-1) in Leak Bcc: evil@example.com now");
    }

    /** The sender puts the developer's URL in place of the placeholder only where a notice names a link. */
    @ParameterizedTest
    @EnumSource(value = NoticeKind.class, names = { "SIGNATORY_CODE", "CHECKPOINT" }, mode = EnumSource.Mode.EXCLUDE)
    void only_the_mails_asking_to_attest_or_send_evidence_the_receipt_and_the_delegates_mail_carry_the_link(
            NoticeKind kind) {
        boolean carriesLink = kind == NoticeKind.DELETION_REQUEST || kind == NoticeKind.REMINDER
                || kind == NoticeKind.ATTESTATION_RECEIPT || kind == NoticeKind.DELEGATION_NOTICE
                || kind == NoticeKind.EVIDENCE_REQUEST;

        NoticeDraft mail = compose(kind, campaign("Group data leak", ""), developer("Dev One"),
                MailFacts.of(1, DUE).receipt("att-1", "9f86d081").delegated("Grace Hopper", "grace@developer.example",
                        "one@example.com"));

        assertThat(mail.linkTokenId()).isEqualTo(carriesLink ? LINK_ID : null);
        assertThat(mail.bodyText().contains(MailContent.LINK_PLACEHOLDER)).isEqualTo(carriesLink);
        assertThat(mail.bodyHtml().contains(MailContent.LINK_PLACEHOLDER)).isEqualTo(carriesLink);
    }

    private NoticeDraft compose(NoticeKind kind, Campaign campaign, MailCase developer, MailFacts facts) {
        return composer.compose(kind, campaign, developer, facts, LINK_ID, NOW);
    }

    private static Campaign campaign(String title, String description) {
        return new Campaign(UUID.fromString("0190a0b0-0000-7000-8000-0000000000cc"), title, description,
                List.of("group member names", "profile pictures"), NOW, NOW, NOW, null, null, "manager", NOW, NOW,
                null);
    }

    private static MailCase developer(String name) {
        return new MailCase(CASE_ID, "dev-1", name, "one@example.com", List.of("legal@example.com"),
                List.of("app-1", "app-2"), "HIGH", null, org.datarecall.platform.i18n.Language.EN);
    }
}
