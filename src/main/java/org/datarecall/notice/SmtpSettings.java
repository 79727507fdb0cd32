package org.datarecall.notice;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The SMTP relay, under the mailer's own keys ({@code quarkus.mailer.*}), which operators know:
 * {@link SmtpClient} sends through it with Jakarta Mail.
 */
@ConfigMapping(prefix = "quarkus.mailer")
public interface SmtpSettings {

    /** The default From address; {@code datarecall.mail.from} overrides it. */
    @WithDefault("data-recall@localhost")
    String from();

    @WithDefault("localhost")
    String host();

    /** Unset: 465 with {@code tls}, else 25. */
    Optional<Integer> port();

    /** With a username the relay is logged in to. */
    Optional<String> username();

    Optional<String> password();

    /** {@code DISABLED}, {@code OPTIONAL} (used when the relay offers it) or {@code REQUIRED}. */
    @WithDefault("OPTIONAL")
    String startTls();

    /** SMTP over TLS from the first byte ({@code smtps}). */
    @WithDefault("false")
    boolean tls();

    /** Connections are kept for the next mail; off, every mail opens its own. */
    @WithDefault("true")
    boolean keepAlive();

    /** Mail is logged instead of sent; unset, it is in dev and test mode only. */
    Optional<Boolean> mock();
}
