package org.datarecall.platform.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursors: the last key of a page, base64url-encoded so clients do not build them. */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The key inside a cursor; a cursor that was not made here is a 400. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Violations.single("cursor", "is not a cursor returned by this list");
        }
    }
}
