package org.datarecall.pack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.datarecall.notice.MailContent;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code mail/<noticeId>.eml}: every sent notice as RFC 5322 text with both of its bodies, as the
 * outbox stored them. The stored bodies hold a placeholder where the developer's link went; the pack
 * says {@code [link redacted]} there (and anywhere a link's path would appear), so a pack opens no case.
 */
@ApplicationScoped
public class MailFiles {

    static final String REDACTED = "[link redacted]";
    private static final Pattern LINK = Pattern.compile("\\S*/attest/[A-Za-z0-9_-]+");
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @Inject
    org.datarecall.notice.SmtpClient smtp;

    void write(Connection con, EvidencePack.Scope scope, PackZip zip) throws SQLException, IOException {
        String sql = "SELECT id, kind, case_id, to_addresses, cc_addresses, subject, body_text, body_html, message_id, "
                + "coalesce(sent_at, created_at) AS sent_at FROM dr_notice WHERE campaign_id = ?"
                + scope.filter("case_id") + " AND status IN ('SENT', 'BOUNCED') ORDER BY id";
        String from = smtp.from();
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setFetchSize(EvidencePack.FETCH);
            ps.setObject(1, scope.campaignId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Notice n = new Notice(SqlValues.uuid(rs, "id"), rs.getString("kind"), SqlValues.uuid(rs, "case_id"),
                            SqlValues.strings(rs, "to_addresses"), SqlValues.strings(rs, "cc_addresses"),
                            rs.getString("subject"), rs.getString("body_text"), rs.getString("body_html"),
                            rs.getString("message_id"), SqlValues.instant(rs, "sent_at"));
                    zip.file("mail/" + n.id() + ".eml", eml(n, from));
                }
            }
        }
    }

    record Notice(UUID id, String kind, UUID caseId, List<String> to, List<String> cc, String subject, String text,
            String html, String messageId, Instant sentAt) {
    }

    static String eml(Notice n, String from) {
        String boundary = "=_datarecall_" + n.id();
        StringBuilder m = new StringBuilder(n.text().length() + n.html().length() + 1024);
        header(m, "Message-ID", n.messageId());
        header(m, "Date", DATE.format(n.sentAt()));
        header(m, "From", from);
        header(m, "To", String.join(", ", n.to()));
        if (!n.cc().isEmpty()) {
            header(m, "Cc", String.join(", ", n.cc()));
        }
        m.append("Subject: ").append(encodedWords(n.subject().replaceAll("[\r\n]+", " "))).append("\r\n");
        header(m, "MIME-Version", "1.0");
        header(m, "X-DataRecall-Notice", n.kind());
        if (n.caseId() != null) {
            header(m, "X-DataRecall-Case", n.caseId().toString());
        }
        header(m, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        m.append("\r\n");
        part(m, boundary, "text/plain", redact(n.text()));
        part(m, boundary, "text/html", redact(n.html()));
        m.append("--").append(boundary).append("--\r\n");
        return m.toString();
    }

    static String redact(String body) {
        return LINK.matcher(body.replace(MailContent.LINK_PLACEHOLDER, REDACTED)).replaceAll(REDACTED);
    }

    private static void header(StringBuilder m, String name, String value) {
        m.append(name).append(": ").append(value.replaceAll("[\r\n]+", " ")).append("\r\n");
    }

    /** Each body in base64, so lines stay short and every byte of UTF-8 survives any mail reader. */
    private static void part(StringBuilder m, String boundary, String type, String body) {
        m.append("--").append(boundary).append("\r\n")
                .append("Content-Type: ").append(type).append("; charset=UTF-8\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .append("\r\n");
    }

    /** RFC 2047: plain ASCII stays as it is; anything else becomes UTF-8 "B" words of at most 75 characters. */
    static String encodedWords(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        StringBuilder chunk = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            String c = new String(Character.toChars(cp));
            int n = c.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > 45) {
                word(out, chunk);
                chunk.setLength(0);
                bytes = 0;
            }
            chunk.append(c);
            bytes += n;
            i += Character.charCount(cp);
        }
        word(out, chunk);
        return out.toString();
    }

    private static void word(StringBuilder out, CharSequence chunk) {
        if (!out.isEmpty()) {
            out.append("\r\n ");
        }
        out.append("=?UTF-8?B?")
                .append(Base64.getEncoder().encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)))
                .append("?=");
    }
}
