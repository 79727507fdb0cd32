package org.datarecall.platform.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Text put into a URL's query, e.g. a message carried by a post/redirect/get redirect. */
public final class Urls {

    private Urls() {
    }

    /** Percent-encoded, spaces as {@code %20} (a {@code +} would survive some decoders as a plus). */
    public static String queryValue(String text) {
        return text == null ? "" : URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
