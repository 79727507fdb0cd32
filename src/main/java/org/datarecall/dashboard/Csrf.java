package org.datarecall.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;

/**
 * CSRF protection for the staff pages by double submission: a random token in a SameSite=Strict,
 * HttpOnly cookie, and the same token in a hidden field of every form. Another site can neither
 * read the cookie nor make the browser send it, so a forged form never carries a matching pair.
 */
public final class Csrf {

    public static final String COOKIE = org.datarecall.platform.http.Flash.KEYED_BY;
    public static final String FIELD = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The token of this browser, or a new one (then {@link #cookie} must be set on the answer). */
    public static String tokenOf(Cookie cookie) {
        if (cookie != null && cookie.getValue() != null && cookie.getValue().matches("[A-Za-z0-9_-]{43}")) {
            return cookie.getValue();
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public static NewCookie cookie(String token) {
        return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** True when the form's token matches the cookie's. */
    public static boolean matches(Cookie cookie, String submitted) {
        return cookie != null && matches(cookie.getValue(), submitted);
    }

    /** True when the submitted token is the cookie's value (compared in constant time). */
    public static boolean matches(String cookieValue, String submitted) {
        if (cookieValue == null || submitted == null || !cookieValue.matches("[A-Za-z0-9_-]{43}")) {
            return false;
        }
        return MessageDigest.isEqual(cookieValue.getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.US_ASCII));
    }
}
