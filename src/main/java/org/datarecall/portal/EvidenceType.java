package org.datarecall.portal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of evidence file taken, each recognised by its content, not by its name: PDF, PNG and
 * JPEG by their leading bytes; plain text, CSV and JSON must be UTF-8 without NUL characters, and
 * JSON must start like JSON (its first character after white space is '{' or '['). JSON is not
 * parsed whole: a file is checked as it streams, and a truncated export is still evidence.
 */
public enum EvidenceType {
    PDF("application/pdf", bytes("%PDF-")),
    PNG("image/png", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' }),
    JPEG("image/jpeg", new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff }),
    TEXT("text/plain", null),
    CSV("text/csv", null),
    JSON("application/json", null);

    private final String mediaType;
    private final byte[] magic;

    EvidenceType(String mediaType, byte[] magic) {
        this.mediaType = mediaType;
        this.magic = magic;
    }

    public String mediaType() {
        return mediaType;
    }

    /** A text type, checked as UTF-8 throughout; the others by their leading bytes. */
    public boolean isText() {
        return magic == null;
    }

    /** The type a {@code Content-Type} names, parameters (such as {@code charset}) ignored. */
    public static Optional<EvidenceType> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String bare = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.mediaType.equals(bare)).findFirst();
    }

    /** Whether a file of this type may start with these bytes (the whole first chunk, or the whole file). */
    boolean startsRight(byte[] head, int length) {
        if (magic == null) {
            return true;
        }
        return length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(EvidenceType::mediaType).toList());
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
