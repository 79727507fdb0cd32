package org.datarecall.platform.http;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Staff passwords of the embedded users given as hashes: {@code quarkus.security.users.embedded.users.<name>}
 * holds a bcrypt hash ({@code $2a$…}, {@code $2b$…}, {@code $2y$…}: {@code htpasswd -nbBC 12 name password})
 * or a PBKDF2-HMAC-SHA256 one ({@code $pbkdf2-sha256$<iterations>$<salt>$<hash>}, base64 without padding:
 * {@code bin/hash-password}). Those this class checks itself; a plain-text password is left to the realm,
 * and a production service refuses to start with one: plain text is for dev and test only.
 */
@ApplicationScoped
public class StaffPasswords {

    static final String USERS = "quarkus.security.users.embedded.users.";
    static final String ROLES = "quarkus.security.users.embedded.roles.";
    static final String PBKDF2 = "$pbkdf2-sha256$";

    /** Checked for a name no user has, so that an unknown name costs what bin/hash-password's hashes do. */
    private static final String DECOY = PBKDF2 + "600000$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(43);

    /** The user's identity when their password is configured as a hash; empty when it is plain text (or unknown). */
    Optional<SecurityIdentity> verify(String user, char[] password) {
        Config config = ConfigProvider.getConfig();
        Optional<String> stored = config.getOptionalValue(USERS + user, String.class).filter(StaffPasswords::isHash);
        if (stored.isEmpty()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                // Production has hashed users only. A name without a hash never reaches the realm, where a
                // stored hash would work as a password, and costs as much time as a real check.
                matches(DECOY, password);
                throw new AuthenticationFailedException("unknown user");
            }
            return Optional.empty();
        }
        if (!matches(stored.get(), password)) {
            throw new AuthenticationFailedException("wrong password");
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user));
        config.getOptionalValue(ROLES + user, String.class).ifPresent(roles -> Arrays.stream(roles.split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).forEach(identity::addRole));
        return Optional.of(identity.build());
    }

    static boolean isHash(String stored) {
        return stored.startsWith("$2a$") || stored.startsWith("$2b$") || stored.startsWith("$2y$")
                || stored.startsWith(PBKDF2);
    }

    static boolean matches(String stored, char[] password) {
        if (stored.startsWith(PBKDF2)) {
            return pbkdf2Matches(stored, password);
        }
        // Elytron reads the $2a$ form; $2b$ and $2y$ (htpasswd) differ from it only in how old, buggy
        // implementations treated non-ASCII bytes, not in the hash.
        return BcryptUtil.matches(new String(password), "$2a$" + stored.substring(4));
    }

    private static boolean pbkdf2Matches(String stored, char[] password) {
        String[] parts = stored.substring(PBKDF2.length()).split("\\$");
        if (parts.length != 3) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] expected = Base64.getDecoder().decode(parts[2]);
            byte[] got = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, expected.length * 8)).getEncoded();
            return MessageDigest.isEqual(expected, got);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // a malformed hash opens nothing
        }
    }

    /** A production service does not start with a staff password in plain text. */
    void refusePlainText(@Observes StartupEvent start) {
        List<String> plain = plainTextUsers(ConfigProvider.getConfig());
        if (LaunchMode.current() == LaunchMode.NORMAL && !plain.isEmpty()) {
            throw new IllegalStateException("the embedded users " + plain + " have plain-text passwords; give "
                    + "bcrypt or PBKDF2 hashes (README, Staff users) or use OIDC");
        }
    }

    static List<String> plainTextUsers(Config config) {
        List<String> plain = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(USERS) && !config.getOptionalValue(name, String.class).map(StaffPasswords::isHash)
                    .orElse(true)) {
                plain.add(name.substring(USERS.length()));
            }
        }
        return plain;
    }
}
