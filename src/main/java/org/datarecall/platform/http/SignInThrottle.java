package org.datarecall.platform.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;
import org.jboss.logging.Logger;

import io.quarkus.elytron.security.runtime.ElytronPasswordIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slows down password guessing at the staff sign-in, for the pages' form and the API's Basic alike:
 * every username and password check passes here first. After {@code max-failures} failed sign-ins of
 * one user, or from one client address, within {@code failure-window}, further tries are refused
 * until the window ends, the right password included: the API answers 429 with Retry-After, the
 * form returns to the sign-in page, which says how long to wait. Failures are counted in the
 * database, so every replica counts them together; each is logged with the user and the address,
 * never the password. A successful sign-in forgets its user's failures, not its address's.
 */
@ApplicationScoped
public class SignInThrottle implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(SignInThrottle.class);

    @Inject
    ElytronPasswordIdentityProvider passwords;

    @Inject
    StaffPasswords hashed;

    @Inject
    Jdbc jdbc;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    @Inject
    ClientAddress clients;

    /** Before the realm's own check (which has the default, 1001), which it then runs itself. */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        String user = "user:" + request.getUsername().toLowerCase(Locale.ROOT);
        String address = "address:" + (rc == null ? "unknown" : clients.of(rc.request()));
        // All on a worker thread: the counters are in the database, and the realm's check waits there too.
        return context.runBlocking(() -> {
            Duration wait = waitFor(user, address);
            if (wait != null) {
                LOG.warnf("sign-in of %s from %s refused: too many failed sign-ins, %d s left", user, address,
                        wait.toSeconds());
                throw new AuthenticationFailedException("too many failed sign-ins", new Refused(wait));
            }
            SecurityIdentity identity;
            try {
                // A password configured as a hash is checked here; one in plain text (dev, test) by the realm.
                identity = hashed.verify(request.getUsername(), request.getPassword().getPassword())
                        .orElseGet(() -> passwords.authenticate(request, context).await().indefinitely());
            } catch (AuthenticationFailedException e) {
                int failures = failed(user, address);
                LOG.warnf("sign-in of %s from %s failed (%d in the window)", user, address, failures);
                throw e;
            }
            jdbc.update("DELETE FROM dr_sign_in_failure WHERE key = ?", user);
            return identity;
        });
    }

    /** How long this user or this address must still wait, or null. */
    Duration waitFor(String user, String address) {
        Instant now = clock.instant();
        Duration window = config.signIn().failureWindow();
        Duration longest = null;
        for (Instant start : jdbc.list("SELECT window_start FROM dr_sign_in_failure WHERE key IN (?, ?) "
                + "AND failures >= ?", rs -> SqlValues.instant(rs, "window_start"), user, address,
                config.signIn().maxFailures())) {
            Duration left = Duration.between(now, start.plus(window));
            if (left.isPositive() && (longest == null || left.compareTo(longest) > 0)) {
                longest = left;
            }
        }
        return longest;
    }

    /** Counts a failure of the user and of the address; answers the user's count in its window. */
    int failed(String user, String address) {
        Instant now = clock.instant();
        long window = config.signIn().failureWindow().toSeconds();
        jdbc.update("DELETE FROM dr_sign_in_failure WHERE window_start < ?", now.minusSeconds(window));
        List<String[]> counts = jdbc.list("""
                INSERT INTO dr_sign_in_failure AS f (key, window_start, failures) VALUES (?, ?, 1), (?, ?, 1)
                ON CONFLICT (key) DO UPDATE SET
                    window_start = CASE WHEN f.window_start + make_interval(secs => ?) <= EXCLUDED.window_start
                                        THEN EXCLUDED.window_start ELSE f.window_start END,
                    failures = CASE WHEN f.window_start + make_interval(secs => ?) <= EXCLUDED.window_start
                                    THEN 1 ELSE f.failures + 1 END
                RETURNING key, failures
                """, rs -> new String[] { rs.getString(1), rs.getString(2) }, user, now, address, now, window, window);
        return counts.stream().filter(c -> c[0].equals(user)).mapToInt(c -> Integer.parseInt(c[1])).findFirst()
                .orElse(0);
    }

    /**
     * Why a sign-in was refused for too many failures, whatever the password: the cause of the
     * authentication failure, answered 429 (the form: a page that says to wait).
     */
    public static final class Refused extends RuntimeException {
        private final Duration wait;

        Refused(Duration wait) {
            super("too many failed sign-ins");
            this.wait = wait;
        }

        public Duration waitFor() {
            return wait;
        }

        /** The refusal in an authentication failure's causes, if it is one. */
        public static java.util.Optional<Refused> in(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof Refused r) {
                    return java.util.Optional.of(r);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
