package org.datarecall.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.datarecall.notice.OutboxSender;
import org.datarecall.sweep.Sweep;
import org.datarecall.testing.Api;
import org.datarecall.testing.SmtpServer;

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

    public static Response submit(String token, Map<String, Object> attestation) {
        return developer(token).contentType(ContentType.JSON).body(attestation).post("/api/v1/portal/attestation");
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
        return a;
    }
}
