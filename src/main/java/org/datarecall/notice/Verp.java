package org.datarecall.notice;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Variable envelope return paths: the envelope sender of each mail is the bounce mailbox with the
 * notice id after a {@code +} ({@code bounces+<noticeId>@platform.example}), so whatever a bounce says
 * or leaves out, the address it comes back to names the notice.
 */
public final class Verp {

    private static final Pattern NOTICE = Pattern.compile(
            "\\+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@", Pattern.CASE_INSENSITIVE);

    private Verp() {
    }

    /** {@code bounces@example.org} and a notice → {@code bounces+<noticeId>@example.org}. */
    public static String address(String bounceAddress, UUID noticeId) {
        int at = bounceAddress.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("datarecall.mail.bounce-address is not an address: " + bounceAddress);
        }
        return bounceAddress.substring(0, at) + "+" + noticeId + bounceAddress.substring(at);
    }

    /** The notice id in a VERP address found anywhere in the text (a header, a bounce's body). */
    public static Optional<UUID> noticeIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = NOTICE.matcher(text);
        return m.find() ? Optional.of(UUID.fromString(m.group(1).toLowerCase(Locale.ROOT))) : Optional.empty();
    }
}
