package org.datarecall.pack;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One case's certificate as a PDF: the developer, the timeline of its events, each attestation with its
 * digest, the audit, the findings and the signed checkpoint that covers the case. Helvetica (one of the
 * standard 14 fonts, nothing embedded) in WinAnsi: a character the font cannot show is printed as
 * {@code ?}. One renderer serves a whole pack, so the fonts and what they can encode are looked up once.
 */
final class CertificatePdf {

    /** What a certificate states about one case. */
    record Facts(String campaignTitle, String campaignId, String caseId, String developerId, String name,
            String email, String riskTier, String state, int round, String verificationBasis, JsonNode events,
            JsonNode attestations, JsonNode findings, PackCheckpoints.Covered checkpoint) {
    }

    private static final float MARGIN = 50;
    private static final float SIZE = 9;
    private static final float LEADING = 12;

    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    /** Per UTF-16 unit: 0 not yet known, 1 the font encodes it, 2 it does not. */
    private final byte[] encodable = new byte[65536];

    void render(Facts f, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Deletion record of case " + f.caseId());
            info.setProducer("Data Recall");
            try (Pages pages = new Pages(doc)) {
                pages.heading("Certificate of the deletion record", 16);
                pages.line("Campaign: " + f.campaignTitle() + " (" + f.campaignId() + ")");
                pages.line("Case: " + f.caseId());
                pages.gap();
                pages.heading("Developer", 12);
                pages.line(f.name() + " (developer id " + f.developerId() + ")");
                pages.line("Contact: " + f.email());
                pages.line("Risk tier: " + f.riskTier() + "    State: " + f.state() + "    Round: " + f.round()
                        + (f.verificationBasis() == null ? "" : "    Verified by: " + f.verificationBasis()));
                pages.gap();
                pages.heading("Timeline", 12);
                for (JsonNode e : f.events()) {
                    pages.line(e.path("seq").asInt() + ". " + e.path("at").asText() + "  " + e.path("type").asText()
                            + "  " + text(e.get("from")) + " -> " + e.path("to").asText() + "  by "
                            + e.path("actor").asText());
                }
                pages.gap();
                pages.heading("Attestation", 12);
                if (f.attestations().isEmpty()) {
                    pages.line("No attestation was received.");
                }
                for (JsonNode a : f.attestations()) {
                    pages.line("Round " + a.path("round").asInt() + ", received " + a.path("receivedAt").asText()
                            + (a.path("late").asBoolean() ? " (late)" : "") + ", attestation " + a.path("id").asText());
                    pages.line("Digest (SHA-256 of its canonical JSON): " + a.path("sha256").asText());
                    JsonNode body = canonical(a.path("canonical").asText());
                    if (body != null) {
                        pages.line("Signed by " + body.path("signatoryName").asText() + ", "
                                + body.path("signatoryTitle").asText() + " <" + body.path("signatoryEmail").asText()
                                + ">; " + body.path("kind").asText() + ", deleted at " + text(body.get("deletedAt")));
                        pages.line("Evidence files attached: " + body.path("evidence").size());
                    }
                }
                pages.gap();
                pages.heading("Audit", 12);
                boolean audited = false;
                for (JsonNode e : f.events()) {
                    String type = e.path("type").asText();
                    if (type.startsWith("AUDIT_")) {
                        audited = true;
                        JsonNode data = canonical(e.path("data").asText());
                        String detail = data == null ? "" : join(data.get("selectionRule"), data.get("method"),
                                data.get("findings"));
                        pages.line(e.path("at").asText() + "  " + type + (detail.isEmpty() ? "" : ": " + detail));
                    }
                }
                if (!audited) {
                    pages.line("No audit was asked for.");
                }
                pages.gap();
                pages.heading("Findings of the platform's records", 12);
                if (f.findings().isEmpty()) {
                    pages.line("None.");
                }
                for (JsonNode finding : f.findings()) {
                    pages.line(finding.path("kind").asText() + ", found " + finding.path("foundAt").asText());
                }
                pages.gap();
                pages.heading("Signed checkpoint", 12);
                PackCheckpoints.Covered c = f.checkpoint();
                if (c == null) {
                    pages.line("No checkpoint covers this case yet; its history is protected by its hash chain.");
                } else {
                    pages.line("Checkpoint " + c.checkpointId() + " at " + c.at() + ", key " + c.keyId());
                    pages.line("Merkle root: " + c.root());
                    pages.line(c.seq() == 0 ? "The case was opened after this checkpoint."
                            : "Covers events 1 to " + c.seq() + " of this case; head hash " + c.hash());
                }
                pages.gap();
                pages.line("Check it: java verify/Verify.java <pack>.zip recomputes every hash, digest and signature.");
            }
            doc.save(out);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    private static String join(JsonNode... nodes) {
        List<String> parts = new ArrayList<>();
        for (JsonNode n : nodes) {
            if (n != null && !n.isNull() && !n.asText().isBlank()) {
                parts.add(n.asText());
            }
        }
        return String.join("; ", parts);
    }

    private static final ObjectMapper READER = new ObjectMapper();

    private static JsonNode canonical(String json) {
        try {
            return READER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    /** Text the font can show: line breaks and tabs become spaces, anything else it lacks becomes {@code ?}. */
    String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (c >= 0x20 && c < 0x7F || encodes(c)) {
                out.append(c);
            } else {
                out.append('?');
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                }
            }
        }
        return out.toString();
    }

    private boolean encodes(char c) {
        if (encodable[c] == 0) {
            boolean ok;
            try {
                regular.encode(String.valueOf(c));
                bold.encode(String.valueOf(c));
                ok = !Character.isSurrogate(c) && !Character.isISOControl(c);
            } catch (IllegalArgumentException | IOException e) {
                ok = false;
            }
            encodable[c] = (byte) (ok ? 1 : 2);
        }
        return encodable[c] == 1;
    }

    /** Lines down A4 pages, wrapped to the width, a new page when one is full. */
    private final class Pages implements AutoCloseable {
        private final PDDocument doc;
        private PDPageContentStream stream;
        private float y;

        Pages(PDDocument doc) throws IOException {
            this.doc = doc;
            newPage();
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            stream = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void heading(String text, float size) throws IOException {
            show(bold, size, safe(text), size + 4);
        }

        void line(String text) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            String rest = safe(text);
            while (!rest.isEmpty()) {
                int cut = fit(rest, width);
                show(regular, SIZE, rest.substring(0, cut), LEADING);
                rest = rest.substring(cut).stripLeading();
            }
        }

        void gap() {
            y -= LEADING / 2;
        }

        /** How many characters fit the width, broken after a space where one is near. */
        private int fit(String text, float width) throws IOException {
            float perPoint = SIZE / 1000f;
            if (regular.getStringWidth(text) * perPoint <= width) {
                return text.length();
            }
            int n = 1;
            while (n < text.length() && regular.getStringWidth(text.substring(0, n + 1)) * perPoint <= width) {
                n++;
            }
            int space = text.lastIndexOf(' ', n);
            return space > n / 2 ? space + 1 : n;
        }

        private void show(PDType1Font font, float size, String text, float leading) throws IOException {
            if (y - leading < MARGIN) {
                newPage();
            }
            y -= leading;
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(MARGIN, y);
            stream.showText(text);
            stream.endText();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
