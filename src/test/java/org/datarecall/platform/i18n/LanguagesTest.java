package org.datarecall.platform.i18n;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.notice.MailCase;
import org.datarecall.notice.MailComposer;
import org.datarecall.notice.MailFacts;
import org.datarecall.notice.NoticeDraft;
import org.datarecall.notice.NoticeKind;
import org.datarecall.portal.PortalFixture;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * Mails and the developer's page in English, German and French: every bundle has every key in every
 * language, each mail a developer can get and the page render without one English sentence left in
 * the other languages, and an upload's locale decides which language a developer gets.
 */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class LanguagesTest extends WorkflowTest {

    static final List<String> BUNDLES = List.of("mt", "mailSubject", "pt");
    static final Instant NOW = Instant.parse("2026-06-01T09:00:00Z");
    static final Instant DUE = Instant.parse("2026-07-01T09:00:00Z");

    @Inject
    MailComposer composer;

    static Properties bundle(String name, Language language) throws Exception {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(LanguagesTest.class.getResourceAsStream(
                "/messages/" + name + "_" + language.tag() + ".properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    /** The English words of a bundle that a translation must not keep: the runs of three words or more between expressions. */
    static List<String> englishSentences(String... bundles) throws Exception {
        List<String> sentences = new ArrayList<>();
        for (String name : bundles) {
            for (Object value : bundle(name, Language.EN).values()) {
                for (String run : value.toString().split("\\{[^}]*\\}")) {
                    String words = run.strip();
                    if (words.split("\\s+").length >= 3) {
                        sentences.add(words);
                    }
                }
            }
        }
        return sentences;
    }

    @Test
    void every_bundle_has_every_key_in_every_language_and_each_sentence_is_translated() throws Exception {
        for (String name : BUNDLES) {
            Properties english = bundle(name, Language.EN);
            assertThat(english).as(name).isNotEmpty();
            for (Language language : List.of(Language.DE, Language.FR)) {
                Properties translated = bundle(name, language);
                assertThat(translated.keySet()).as("%s in %s", name, language).isEqualTo(english.keySet());
                for (Object key : english.keySet()) {
                    String value = translated.getProperty((String) key);
                    assertThat(value).as("%s.%s in %s", name, key, language).isNotBlank();
                    if (english.getProperty((String) key).split("\\s+").length >= 3) {
                        assertThat(value).as("%s.%s in %s", name, key, language)
                                .isNotEqualTo(english.getProperty((String) key));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Language.class, names = { "DE", "FR" })
    void every_mail_to_a_developer_is_written_in_the_developers_language(Language language) throws Exception {
        List<String> english = englishSentences("mt", "mailSubject");
        String greeting = bundle("mt", language).getProperty("greeting").replace("{name}", "Dev One");
        String deadline = language == Language.DE ? "Mittwoch, 1. Juli 2026, 09:00 UTC"
                : "mercredi 1 juillet 2026 à 09:00 UTC";
        MailCase developer = new MailCase(UUID.randomUUID(), "dev-1", "Dev One", "one@example.com", List.of(),
                List.of("app-1", "app-2"), "HIGH", null, language);
        for (NoticeKind kind : NoticeKind.values()) {
            if (!kind.toDeveloper() || kind == NoticeKind.SIGNATORY_CODE || kind == NoticeKind.CHECKPOINT) {
                continue;
            }
            MailFacts facts = MailFacts.of(2, DUE).because("Sicherungen").found("Kopien").receipt("att-1", "9f86d081")
                    .delegated("Grace Hopper", "grace@developer.example", "one@example.com");
            NoticeDraft mail = composer.compose(kind, campaign(), developer, facts, UUID.randomUUID(), NOW);
            for (String part : List.of(mail.subject(), mail.bodyText(), mail.bodyHtml())) {
                for (String sentence : english) {
                    assertThat(part).as("%s in %s", kind, language).doesNotContain(sentence);
                }
            }
            assertThat(mail.bodyHtml()).as("%s", kind).contains("<html lang=\"" + language.tag() + "\">");
            if (kind != NoticeKind.DELEGATION_NOTICE) {
                assertThat(mail.bodyText()).as("%s", kind).startsWith(greeting);
            }
            if (kind == NoticeKind.DELETION_REQUEST) {
                assertThat(mail.subject()).contains(deadline);
                assertThat(mail.bodyText()).contains(deadline);
            }
        }
        NoticeDraft code = composer.signatoryCode(campaign(), developer, 1, "signer@developer.example",
                Duration.ofMinutes(15), 5, NOW);
        for (String sentence : english) {
            assertThat(code.subject() + code.bodyText() + code.bodyHtml()).doesNotContain(sentence);
        }
        assertThat(code.bodyText()).contains("15").contains("5");

        // The escalation goes to staff: English, whatever the developer reads.
        NoticeDraft escalation = composer.compose(NoticeKind.ESCALATION, campaign(), developer, MailFacts.of(1, DUE),
                null, NOW);
        assertThat(escalation.bodyText()).contains("has not confirmed deletion").contains("Wednesday 1 July 2026");
    }

    @Test
    void an_uploaded_locale_decides_the_language_of_the_mails_and_the_page_and_an_unknown_one_falls_back_to_english()
            throws Exception {
        clock.set(NOW);
        String campaign = createCampaign("Sprachen");
        manager().contentType(ContentType.JSON).body("""
                [{"developerId": "dev-de", "name": "Dev De", "email": "de@example.com", "locale": "de-AT"},
                 {"developerId": "dev-fr", "name": "Dev Fr", "email": "fr@example.com", "locale": "fr"},
                 {"developerId": "dev-pt", "name": "Dev Pt", "email": "pt@example.com", "locale": "pt-BR"},
                 {"developerId": "dev-en", "name": "Dev En", "email": "en@example.com"}]
                """).post("/api/v1/campaigns/{id}/developers", campaign).then().statusCode(200);
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();

        String german = caseOf(campaign, "dev-de");
        manager().get("/api/v1/cases/{id}", german).then().body("developer.locale", equalTo("de"))
                .body("developer.requestedLocale", nullValue());
        manager().get("/api/v1/cases/{id}", caseOf(campaign, "dev-pt")).then().body("developer.locale", equalTo("en"))
                .body("developer.requestedLocale", equalTo("pt-BR"));
        assertThat(mailText(caseOf(campaign, "dev-pt"))).startsWith("Dear Dev Pt,");
        // Staff see the language on the case page, and what was asked when it is not one we write in.
        assertThat(org.datarecall.testing.StaffSession.signIn("manager").page("/dashboard/cases/" + caseOf(campaign, "dev-pt")))
                .contains("id=\"language\">en (asked for pt-BR");
        assertThat(mailText(caseOf(campaign, "dev-en"))).startsWith("Dear Dev En,");
        assertThat(mailText(caseOf(campaign, "dev-fr"))).startsWith("Bonjour Dev Fr,");
        String germanMail = mailText(german);
        assertThat(germanMail).startsWith("Guten Tag Dev De,");
        for (String sentence : englishSentences("mt")) {
            assertThat(germanMail).doesNotContain(sentence);
        }

        // A re-import that names no locale keeps each developer's language; one that names it changes it.
        manager().contentType(ContentType.JSON).body("""
                [{"developerId": "dev-de", "name": "Dev De", "email": "de@example.com"}]
                """).post("/api/v1/campaigns/{id}/developers", campaign).then().statusCode(200);
        manager().get("/api/v1/cases/{id}", german).then().body("developer.locale", equalTo("de"));
        manager().contentType("text/csv").body("developerId,name,email,ccEmails,appIds,lastAccessAt,locale\n"
                + "dev-fr,Dev Fr,fr@example.com,,,,de\n").post("/api/v1/campaigns/{id}/developers", campaign).then()
                .statusCode(200);
        manager().get("/api/v1/cases/{id}", caseOf(campaign, "dev-fr")).then().body("developer.locale", equalTo("de"));

        String token = PortalFixture.tokenFrom(german, "DELETION_REQUEST");
        String page = given().get("/attest/{token}", token).then().statusCode(200).extract().asString();
        assertThat(page).contains("<html lang=\"de\">").contains(bundle("pt", Language.DE).getProperty("formHeading"))
                .contains("Mittwoch, 1. Juli 2026").contains(bundle("pt", Language.DE).getProperty("declarationText"))
                .contains(org.datarecall.portal.SignatoryDeclaration.TEXT.replace("\"", "&quot;"));
        List<String> pageEnglish = englishSentences("pt");
        pageEnglish.remove(org.datarecall.portal.SignatoryDeclaration.TEXT); // shown as the binding wording
        for (String sentence : pageEnglish) {
            assertThat(page).doesNotContain(sentence.replace("\"", "&quot;").replace("'", "&#39;"));
        }
        // A German page marks a mistake in German, and says in German why a submission was refused.
        String wrong = given().contentType(ContentType.URLENC).formParam("kind", "DELETED")
                .post("/attest/{token}", token).then().statusCode(400).extract().asString();
        assertThat(wrong).contains(bundle("pt", Language.DE).getProperty("correctFields"))
                .contains(bundle("pt", Language.DE).getProperty("fieldInvalid"));

        // A link that opens nothing answers in the browser's language.
        given().header("Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5").get("/attest/{token}", "x".repeat(43)).then()
                .statusCode(401).body(org.hamcrest.Matchers.containsString("<html lang=\"fr\">"))
                .body(org.hamcrest.Matchers.containsString(bundle("pt", Language.FR).getProperty("linkDoesNotWork")));
    }

    private static String mailText(String caseId) throws Exception {
        List<MimeMessage> mails = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> "DELETION_REQUEST".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).toList();
        assertThat(mails).as("the deletion request of %s", caseId).isNotEmpty();
        return SmtpServer.text(mails.getLast());
    }

    private static Campaign campaign() {
        return new Campaign(UUID.fromString("0190a0b0-0000-7000-8000-0000000000cc"), "Gruppendaten", "",
                List.of("Namen", "Profilbilder"), NOW, NOW, NOW, null, null, "manager", NOW, NOW, null);
    }
}
