package org.datarecall.sweep;

import jakarta.mail.internet.MimeMessage;

/** The mail-part readers of the sweep test, for other tests. */
public final class SweepTestAccess {

    private SweepTestAccess() {
    }

    public static String text(MimeMessage m) throws Exception {
        return SweepTest.textPart(m);
    }

    public static String html(MimeMessage m) throws Exception {
        return SweepTest.htmlPart(m);
    }
}
