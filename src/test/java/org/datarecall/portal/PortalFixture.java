package org.datarecall.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.time.Clock;

import org.datarecall.link.DeveloperLinks;
import org.datarecall.link.LinkStore;
import org.datarecall.notice.OutboxSender;
import org.datarecall.sweep.Sweep;
import org.datarecall.testing.Api;
import org.datarecall.testing.SmtpServer;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.internet.MimeMessage;

/** A launched campaign whose developers have their deletion request, and the links from their mails. */
public final class PortalFixture {

    static final Pattern LINK = Pattern.compile("/attest/([A-Za-z0-9_-]{43})");

    private PortalFixture() {
    }

    /** Creates, imports and launches; the sweep and the sender run once, so every case has its mail. */
    public static String launched(Sweep sweep, OutboxSender sender, String title, Map<String, Object> policy,
            String... rows) {
        String campaign = Api.launch(title, policy, rows);
        sweep.runOnce();
        sender.sendDue();
        return campaign;
    }

    /** A launched campaign of one developer ("dev-1") waiting for its attestation, and the link from its mail. */
    public record OneCase(String campaign, String caseId, String token) {
    }

    public static OneCase oneCase(Sweep sweep, OutboxSender sender, String title) throws Exception {
        String campaign = launched(sweep, sender, title, Map.of("audit", Map.of("mode", "NONE")),
                "dev-1,Dev One,one@example.com,,,");
        String caseId = Api.caseOf(campaign, "dev-1");
        return new OneCase(campaign, caseId, tokenFrom(caseId, "DELETION_REQUEST"));
    }

    /** The token in the latest mail of a kind that the case received. */
    public static String tokenFrom(String caseId, String kind) throws Exception {
        return tokensFrom(caseId, kind).getLast();
    }

    /** The token of every mail of a kind that the case received, in the order they arrived. */
    public static List<String> tokensFrom(String caseId, String kind) throws Exception {
        List<MimeMessage> mails = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> kind.equals(SmtpServer.header(m, "X-DataRecall-Notice"))).toList();
        assertThat(mails).as("%s mails of case %s", kind, caseId).isNotEmpty();
        List<String> tokens = new ArrayList<>();
        for (MimeMessage mail : mails) {
            Matcher link = LINK.matcher(SmtpServer.text(mail));
            assertThat(link.find()).as("a link in the %s mail", kind).isTrue();
            tokens.add(link.group(1));
        }
        return tokens;
    }

    /** A request as the holder of a developer link. */
    public static RequestSpecification developer(String token) {
        return given().header("Authorization", "Bearer " + token).accept(ContentType.JSON);
    }

    /** Submits the attestation; one without a {@code signatoryCode} gets the code mailed for its signatory first. */
    public static Response submit(String token, Map<String, Object> attestation) {
        Map<String, Object> body = attestation.containsKey("signatoryCode") ? attestation : signed(token, attestation);
        return developer(token).contentType(ContentType.JSON).body(body).post("/api/v1/portal/attestation");
    }

    private static final Pattern CODE = Pattern.compile("(?m)^(\\d{6})\\s*$");
    /** The last code each link was mailed for each address, for a second try within the 30 s between codes. */
    private static final Map<String, String> CODES = new HashMap<>();

    /**
     * The attestation with {@code signatoryCode} set: a code is asked for through the link and read from
     * the mail server. A token that opens no link (forged, expired) makes no request at all, so tests
     * that count a client's failed links count only their own; when no code can be had (a case that takes
     * no attestation, a code asked for moments ago) the last one mailed is used, else one that is wrong.
     */
    public static synchronized Map<String, Object> signed(String token, Map<String, Object> attestation) {
        Map<String, Object> a = new HashMap<>(attestation);
        String email = String.valueOf(attestation.get("signatoryEmail"));
        String key = token + "\n" + email;
        Optional<LinkStore.ValidLink> link = Arc.container().instance(LinkStore.class).get()
                .resolve(DeveloperLinks.sha256(token), Arc.container().instance(Clock.class).get().instant());
        if (link.isPresent() && askForCode(token, email).statusCode() == 202) {
            CODES.put(key, codeMailed(link.get().caseId().toString()));
        }
        a.put("signatoryCode", CODES.getOrDefault(key, "000000"));
        return a;
    }

    public static Response askForCode(String token, String signatoryEmail) {
        return developer(token).contentType(ContentType.JSON).body(Map.of("signatoryEmail", signatoryEmail))
                .post("/api/v1/portal/signatory-code");
    }

    /** The code in the latest SIGNATORY_CODE mail of a case. */
    public static String codeMailed(String caseId) {
        List<MimeMessage> mails = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> "SIGNATORY_CODE".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).toList();
        assertThat(mails).as("code mails of case %s", caseId).isNotEmpty();
        try {
            Matcher code = CODE.matcher(SmtpServer.text(mails.getLast()));
            assertThat(code.find()).as("a code in the mail").isTrue();
            return code.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A complete, valid attestation for the campaigns of {@link Api#campaignBody}. */
    public static Map<String, Object> validAttestation() {
        Map<String, Object> a = new HashMap<>();
        a.put("kind", "DELETED");
        a.put("signatoryName", "Ada Lovelace");
        a.put("signatoryTitle", "Data Protection Officer");
        a.put("signatoryEmail", "dpo@developer.example");
        a.put("dataCategories", List.of("group member names", "profile pictures"));
        a.put("deletedAt", "2026-05-20T10:00:00Z");
        a.put("method", "PURGE");
        a.put("systems", List.of("PostgreSQL main database", "nightly backups"));
        a.put("backupsCovered", true);
        a.put("sharedWithThirdParties", false);
        a.put("verification", "Queried every table for the affected ids; no rows remain.");
        a.put("statement", "All copies were purged.");
        a.put("agreed", true);
        a.put("authority", "Data Protection Officer, mandated by the board to answer data protection requests.");
        return a;
    }
}
