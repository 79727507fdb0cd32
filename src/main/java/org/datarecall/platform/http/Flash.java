package org.datarecall.platform.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jboss.resteasy.reactive.RestResponse;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;

/**
 * What an action did, told on the page it redirects to. Carried in a short-lived cookie of the staff
 * pages, never in the URL: a link from elsewhere must not be able to put words on our pages as if the
 * system said them. The cookie is bound to the browser's CSRF token by an HMAC keyed with it, so only
 * a page answer of ours, to this browser, can have written it.
 */
public final class Flash {

    public static final String COOKIE = "datarecall-flash";
    /** The staff pages' CSRF cookie (its token is random per browser and never leaves it): the HMAC's key. */
    public static final String KEYED_BY = "datarecall-csrf";

    /** What the last action did, as the page after it tells. */
    public record Message(String text, boolean refused) {
    }
    private static final int MAX_TEXT = 1000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Flash() {
    }

    /** A redirect that shows {@code text} (as done, or as refused) on the page it leads to. */
    public static <T> RestResponse<T> redirect(String where, Cookie csrf, String text, boolean refused) {
        RestResponse.ResponseBuilder<T> response = RestResponse.ResponseBuilder.seeOther(URI.create(where));
        if (csrf != null && csrf.getValue() != null) {
            String body = (refused ? "R" : "D") + (text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
            String encoded = B64.encodeToString(body.getBytes(StandardCharsets.UTF_8));
            response.cookie(cookie(encoded + "." + mac(csrf.getValue(), encoded), 120));
        }
        return response.build();
    }

    /** The message a redirect left for this browser, or null (none, expired, or not ours). */
    public static Message read(Cookie flash, Cookie csrf) {
        if (flash == null || flash.getValue() == null || csrf == null || csrf.getValue() == null) {
            return null;
        }
        String value = flash.getValue();
        int dot = value.indexOf('.');
        if (dot < 1) {
            return null;
        }
        String encoded = value.substring(0, dot);
        if (!MessageDigest.isEqual(mac(csrf.getValue(), encoded).getBytes(StandardCharsets.US_ASCII),
                value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        try {
            String body = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            return body.isEmpty() ? null : new Message(body.substring(1), body.charAt(0) == 'R');
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Removes the message once a page has shown it. */
    public static NewCookie cleared() {
        return cookie("", 0);
    }

    private static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path("/dashboard").httpOnly(true).maxAge(maxAge)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    private static String mac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
