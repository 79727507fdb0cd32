package org.datarecall.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A certificate read back with PDFBox's own text stripper: what it must say, and text the font lacks. */
class CertificatePdfTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DIGEST = "be2da6ed4eaf8e3180b3d153890500629d4cfa735dd9ff664e5722ffc28140c3";
    static final String ROOT = "cf46c39abfbc2f6c891bfedb85e33837a252fd2705596f3b3b00af5cecfaeedf";

    static CertificatePdf.Facts facts(String name, int events) throws IOException {
        StringBuilder timeline = new StringBuilder("[");
        for (int i = 1; i <= events; i++) {
            timeline.append(i > 1 ? "," : "").append("{\"seq\":").append(i).append(",\"type\":\"")
                    .append(i == events ? "AUDIT_PASSED" : "REMINDER_SENT")
                    .append("\",\"from\":\"AUDIT_PENDING\",\"to\":\"VERIFIED\",\"actor\":\"auditor\",")
                    .append("\"at\":\"2026-06-01T09:00:00.000000Z\",\"data\":\"{\\\"method\\\":\\\"DOCUMENT_REVIEW\\\",")
                    .append("\\\"findings\\\":\\\"Logs reviewed \\\\u2014 fine. ").append("x".repeat(300)).append("\\\"}\"}");
        }
        JsonNode attestations = JSON.readTree("[{\"id\":\"a-1\",\"round\":1,\"receivedAt\":\"2026-06-01T09:00:00Z\","
                + "\"late\":false,\"sha256\":\"" + DIGEST + "\",\"canonical\":\"{\\\"signatoryName\\\":\\\"Zoë 李\\\","
                + "\\\"kind\\\":\\\"DELETED\\\",\\\"evidence\\\":[]}\"}]");
        return new CertificatePdf.Facts("Recall ✓ — Räumung", "c-1", "case-1", "dev-1", name, "one@example.com",
                "HIGH", "VERIFIED", 1, "AUDIT", JSON.readTree(timeline.append("]").toString()), attestations,
                JSON.readTree("[{\"kind\":\"NOT_REVOKED\",\"foundAt\":\"2026-06-02T00:00:00Z\"}]"),
                new PackCheckpoints.Covered("k-1", "2026-06-03T00:00:00Z", ROOT, "0123456789abcdef", 7, "ab".repeat(32)));
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void the_certificate_names_the_developer_the_digest_and_the_checkpoint_root() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CertificatePdf().render(facts("Ünö Developer GmbH 😀", 3), out);
        String text = text(out.toByteArray());
        assertThat(text).contains("Ünö Developer GmbH ?").contains(DIGEST).contains(ROOT)
                .contains("Signed by Zoë ?").contains("Recall ? — Räumung").contains("NOT_REVOKED")
                .contains("AUDIT_PASSED").contains("Covers events 1 to 7");
    }

    @Test
    void a_long_history_runs_over_pages() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CertificatePdf().render(facts("Many Events Ltd", 200), out);
        try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(3);
        }
        assertThat(text(out.toByteArray())).contains("200. 2026-06-01").contains(ROOT);
    }
}
