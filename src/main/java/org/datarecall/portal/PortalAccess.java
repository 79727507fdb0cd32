package org.datarecall.portal;

import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

import org.datarecall.link.DeveloperLinks;
import org.datarecall.link.LinkStore;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Opens a developer link. Unknown, mistyped, expired and superseded tokens all get the same 401,
 * so an answer never tells which; a client that keeps failing is answered 429 for a while.
 */
@ApplicationScoped
public class PortalAccess {

    /** What {@link DeveloperLinks#token} produces: 32 bytes, base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Inject
    LinkStore links;

    @Inject
    FailureLimiter limiter;

    @Inject
    Clock clock;

    /** A token that has the shape of one, from a client that may still try: not yet looked up. */
    public record Presented(byte[] tokenHash, String client) {
    }

    /** Checks the client and the token's shape (no database); throws the 429 or the 401. */
    public Presented present(String token, String client) {
        Duration wait = limiter.blockedFor(client);
        if (wait != null) {
            throw tooManyAttempts(wait);
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw refused(client);
        }
        return new Presented(DeveloperLinks.sha256(token), client);
    }

    public LinkStore.ValidLink open(String token, String client) {
        Presented presented = present(token, client);
        return links.resolve(presented.tokenHash(), Times.stored(clock.instant()))
                .orElseThrow(() -> refused(client));
    }

    /** Counts a failure against the client and answers the 401 for a token that opens no link. */
    public ProblemException refused(String client) {
        limiter.failed(client);
        return invalidLink();
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    /** A contact's link of a round handed to a delegate only shows the case: 403 for anything else. */
    public static void requireWritable(LinkStore.ValidLink link) {
        if (link.readOnly()) {
            throw new ProblemException(403, "delegated", "Forbidden", "this request was handed to "
                    + link.delegatedTo() + ", whose link is the one that can answer it now; this link only shows it");
        }
    }

    public static ProblemException invalidLink() {
        return new ProblemException(401, "invalid-link", "Unauthorized",
                "this link does not work: it may be mistyped, expired, or replaced by the link in a newer mail")
                .withHeader("WWW-Authenticate", "Bearer realm=\"developer portal\"");
    }

    static ProblemException tooManyAttempts(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ProblemException(429, "too-many-attempts", "Too many attempts",
                "too many links that do not work were tried from here; try again in " + seconds + " seconds")
                .withHeader("Retry-After", Long.toString(seconds));
    }
}
