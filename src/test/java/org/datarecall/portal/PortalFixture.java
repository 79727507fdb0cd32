package org.datarecall.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.manager;

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
import jakarta.mail.internet.MimeMessage;

/** A launched campaign whose developers have their deletion request, and the links from their mails. */
public final class PortalFixture {

    static final Pattern LINK = Pattern.compile("/attest/([A-Za-z0-9_-]{43})");

    private PortalFixture() {
    }

    /** Creates, imports and launches; the sweep and the sender run once, so every case has its mail. */
    public static String launched(Sweep sweep, OutboxSender sender, String title, Map<String, Object> policy,
            String... rows) {
        Map<String, Object> body = new HashMap<>(Api.campaignBody(title));
        body.put("policy", policy);
        String campaign = manager().contentType(ContentType.JSON).body(body).post("/api/v1/campaigns").then()
                .statusCode(201).extract().path("id");
        Api.importCsv(campaign, rows);
        manager().post("/api/v1/campaigns/{id}/launch", campaign).then().statusCode(200);
        sweep.runOnce();
        sender.sendDue();
        return campaign;
    }

    /** The token in the latest mail of a kind that the case received. */
    public static String tokenFrom(String caseId, String kind) throws Exception {
        List<MimeMessage> mails = SmtpServer.receivedFor(caseId).stream()
                .filter(m -> kind.equals(SmtpServer.header(m, "X-DataRecall-Notice"))).toList();
        assertThat(mails).as("%s mails of case %s", kind, caseId).isNotEmpty();
        Matcher link = LINK.matcher(SmtpServer.text(mails.getLast()));
        assertThat(link.find()).as("a link in the %s mail", kind).isTrue();
        return link.group(1);
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
