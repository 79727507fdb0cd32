package org.datarecall.portal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * File names of evidence: what a developer sends becomes a plain name (no folders, no control or
 * direction-changing characters, no leading dots, at most 255 characters), and a name goes out
 * again only inside a {@code Content-Disposition} header both old and new clients read safely.
 */
public final class EvidenceName {

    static final int MAX = 255;

    /** Control characters and invisible format characters (e.g. a right-to-left override that disguises "exe"). */
    private static final Pattern UNWANTED = Pattern.compile("[\\p{Cntrl}\\p{Cf}]");

    private EvidenceName() {
    }

    /**
     * The stored name of a sent one, or null when nothing is left of it. The {@code X-Filename}
     * header carries non-ASCII names percent-encoded as UTF-8 (as JavaScript's encodeURIComponent
     * does); a value that is not valid percent-encoding is taken as it is.
     */
    public static String sanitize(String sent) {
        if (sent == null) {
            return null;
        }
        String name = percentDecoded(sent);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = UNWANTED.matcher(name).replaceAll("").strip();
        name = name.replaceFirst("^\\.+", "").strip();
        if (name.isEmpty()) {
            return null;
        }
        if (name.codePointCount(0, name.length()) > MAX) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX));
        }
        return name;
    }

    /** {@code attachment; filename="<ASCII stand-in>"; filename*=UTF-8''<the name, percent-encoded>} (RFC 6266). */
    public static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static String percentDecoded(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return text;
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return text;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return text;
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return text;
        }
    }
}
