package org.datarecall.platform.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The service's own settings (prefix {@code datarecall}); every key is documented in the README. */
@ConfigMapping(prefix = "datarecall")
public interface DataRecallConfig {

    /** Where developers reach the service; their personal links start with it. */
    @WithDefault("http://localhost:8080")
    String baseUrl();

    /** The platform's name as mails and pages show it. */
    @WithDefault("the platform")
    String platformName();

    Api api();

    @WithName("import")
    Import importing();

    Mail mail();

    Escalation escalation();

    Sweep sweep();

    Outbox outbox();

    /**
     * The webhook subscriptions by name ({@code datarecall.webhooks.<name>.url|secret|events}); delivered
     * through an outbox of their own with the mail outbox's settings (lease, attempts, backoff, timeout).
     */
    Map<String, Webhook> webhooks();

    /** The platform's own endpoints the service calls. */
    Platform platform();

    interface Platform {
        /**
         * Where {@code enforce} with APP_SUSPENDED or ACCESS_TERMINATED is sent ({@code POST {caseId, appIds,
         * measure, ...}}) through the webhook outbox; none: no call is made.
         */
        Optional<String> enforcementUrl();

        /** The key of the call's {@code X-DataRecall-Signature}; none: the call is not signed. */
        Optional<String> enforcementSecret();
    }

    interface Webhook {
        /** Where each matching event is POSTed. */
        String url();

        /** The key of the HMAC-SHA256 signature in {@code X-DataRecall-Signature}. */
        String secret();

        /** The event types delivered; none given: every type the service can deliver. */
        Optional<List<String>> events();
    }

    Token token();

    Metrics metrics();

    Db db();

    /**
     * Limits on every service session (set on each new pool connection): a statement that runs too long
     * or waits too long for a lock is cancelled instead of holding a connection. PostgreSQL units
     * ({@code 60s}, {@code 10s}); long set-based work lifts the first for its transaction (Jdbc.longWork).
     */
    interface Db {
        @WithDefault("60s")
        String statementTimeout();

        @WithDefault("10s")
        String lockTimeout();
    }

    Portal portal();

    SignIn signIn();

    /** Staff sign-in (the pages' form and the API's Basic): failures slow the next tries down. */
    interface SignIn {
        /**
         * Failed sign-ins one user, or one client address, may have within {@code failure-window} (counted
         * from the first); the next try is refused (429, or a message on the sign-in page) until it ends.
         */
        @WithDefault("10")
        int maxFailures();

        @WithDefault("PT15M")
        Duration failureWindow();
    }

    Dashboard dashboard();

    Counts counts();

    Jobs jobs();

    Demo demo();

    interface Demo {
        /**
         * The overview offers a sample campaign (a DRAFT of 100 developers, 11 recent readers) when there
         * is none yet. On in dev mode only; never in production.
         */
        @WithDefault("false")
        boolean sampleCampaign();
    }

    interface Jobs {
        /** How often each replica looks for a job to run; {@code off} disables the schedule (tests drive it). */
        @WithDefault("1s")
        String pollInterval();

        /**
         * How long a replica holds a job before another may take it over; the holder renews it every
         * third of it while it runs, so only a replica that stopped loses its jobs.
         */
        @WithDefault("PT1M")
        Duration lease();

        /** Cases a bulk action changes per transaction. */
        @WithDefault("1000")
        int batchSize();

        /**
         * Batches of one bulk action run side by side on the replica that holds it, on disjoint cases: a
         * batch alternates between this JVM (planning, rendering mail) and the database, as the sweep's do.
         * Three, not the sweep's two: an extension also issues a link and re-points waiting mail, so each
         * batch waits on the database longer (docs/benchmarks.md, Bulk extend).
         */
        @WithDefault("3")
        int parallelBatches();

        /** Runs of one job before it ends FAILED (each claim is one: a crash, a run that threw). */
        @WithDefault("3")
        int maxAttempts();
    }

    interface Counts {
        /** How often each replica folds the counts' deltas that cases' writes append (V25) into the counts. */
        @WithDefault("10s")
        String foldInterval();
    }

    Evidence evidence();

    Checkpoint checkpoint();

    interface Checkpoint {
        /**
         * How often each campaign with new events gets a signed checkpoint (ISO-8601 or {@code 1h}; at
         * most one per campaign and interval whatever the number of replicas); {@code off} disables it.
         */
        @WithDefault("PT1H")
        String interval();

        /**
         * The Ed25519 private key that signs checkpoints: PKCS#8 DER, base64, from a secret. Required to
         * serve (the service does not start without it); a migration run ({@code quarkus.init-and-exit})
         * never needs it.
         */
        Optional<String> signingKey();

        /** Earlier public keys (X.509 DER, base64), so that checkpoints signed before a rotation still verify. */
        Optional<List<String>> verificationKeys();

        /** Addresses each checkpoint is mailed to, kept outside the database; none: no mail. */
        Optional<List<String>> witnesses();
    }

    interface Evidence {
        /** The largest evidence file a developer may upload (25 MiB); larger ones get 413. */
        @WithDefault("26214400")
        long maxBytes();

        /** How often each replica removes evidence files nobody attached within a day; {@code off} disables it. */
        @WithDefault("1h")
        String cleanupInterval();
    }

    interface Dashboard {
        /** How often each replica recounts the campaigns its overview page has shown lately. */
        @WithDefault("15s")
        String refreshInterval();

        /**
         * The staff pages' cookies as {@code __Host-} cookies (Secure, Path=/, no Domain): on behind HTTPS,
         * as in production; off only where the pages are served over plain HTTP (dev, tests).
         */
        @WithDefault("true")
        boolean secureCookies();
    }

    interface Portal {
        /** Failed developer-link attempts one client may make within {@code failure-window} before it gets 429. */
        @WithDefault("10")
        int maxFailures();

        @WithDefault("PT1M")
        Duration failureWindow();

        /** How long an attestation waits for its case's row lock (held by an import, say) before a 503. */
        @WithDefault("PT10S")
        Duration lockTimeout();
    }

    interface Metrics {
        /** How often the gauges that need a query (cases by state, oldest queued mail) are refreshed. */
        @WithDefault("30s")
        String refreshInterval();
    }

    interface Api {
        /** The largest JSON body accepted; larger ones get 413. */
        @WithDefault("1048576")
        long maxJsonBytes();
    }

    interface Import {
        /** The largest upload accepted (developers, access records, revocations; CSV or JSON); larger ones get 413. */
        @WithDefault("1073741824")
        long maxBytes();

        /** How many bad rows an import rejection lists at most; the total is always given. */
        @WithDefault("1000")
        int maxReportedErrors();
    }

    interface Mail {
        /** The sender address; when absent, {@code quarkus.mailer.from} is used. */
        Optional<String> from();

        /** Where developers' answers to a mail go (a monitored mailbox); set on every mail to a developer. */
        Optional<String> replyTo();

        /**
         * The bounce mailbox, e.g. {@code bounces@platform.example}: each mail's envelope sender becomes
         * {@code bounces+<noticeId>@platform.example} (VERP), so a bounce names its notice. None: the relay's default.
         */
        Optional<String> bounceAddress();
    }

    Bounces bounces();

    interface Bounces {
        Imap imap();

        /** The mailbox the bounces arrive in, read over IMAP by one replica at a time. */
        interface Imap {
            /** None: bounces are not read. */
            Optional<String> host();

            @WithDefault("993")
            int port();

            /** IMAP over TLS ({@code imaps}); off only for a server on the same host or in tests. */
            @WithDefault("true")
            boolean ssl();

            Optional<String> username();

            Optional<String> password();

            /** Where bounces arrive. */
            @WithDefault("INBOX")
            String folder();

            /** Where read messages are moved, so that nothing is read twice (made when missing). */
            @WithDefault("DataRecall-Processed")
            String processedFolder();

            /**
             * Where messages that cannot be parsed (broken MIME) are moved for a person to look at, so that
             * they neither hold up the bounces behind them nor are read again (made when missing).
             */
            @WithDefault("DataRecall-Unreadable")
            String unreadableFolder();

            /** How often the mailbox is read; {@code off} disables it. */
            @WithDefault("1m")
            String interval();
        }
    }

    interface Escalation {
        /** Who receives ESCALATION mails (the partnership team); none means no escalation mail. */
        Optional<List<String>> recipients();
    }

    interface Sweep {
        /** How often each replica looks for due work; {@code off} disables the schedule (tests drive it). */
        @WithDefault("10s")
        String interval();

        /** Cases claimed per transaction. */
        @WithDefault("1000")
        int batchSize();

        /**
         * Batches of one stage run at once by one replica when more than a batch is due: a batch
         * alternates between this JVM (planning, rendering mail) and the database, so one at a
         * time keeps each of them half idle.
         */
        @WithDefault("2")
        int parallelBatches();
    }

    interface Outbox {
        /** Attempts before a notice ends FAILED. */
        @WithDefault("8")
        int maxAttempts();

        /** How often each replica looks for mail to send; {@code off} disables the schedule. */
        @WithDefault("2s")
        String pollInterval();

        /** Notices claimed at once by one replica. */
        @WithDefault("200")
        int batchSize();

        /** Mails sent in parallel by one replica. */
        @WithDefault("4")
        int parallelSends();

        /**
         * How long a claimed notice stays with its replica before another may take it over. Keep it
         * above twice {@code send-timeout}: a send that times out is tried once more at once.
         */
        @WithDefault("PT3M")
        Duration lease();

        /** The first retry delay; each later one doubles, up to {@code max-backoff}. */
        @WithDefault("PT30S")
        Duration backoff();

        @WithDefault("PT1H")
        Duration maxBackoff();

        /** The wait after a failed attempt: backoff, 2 × backoff, 4 × backoff … up to max-backoff (mail and webhooks). */
        default Duration backoffAfter(int attempts) {
            Duration delay = backoff().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
            return delay.compareTo(maxBackoff()) > 0 ? maxBackoff() : delay;
        }

        /**
         * How long each step of an SMTP conversation (connect, every read, every write) may take; a
         * step that takes longer fails the send, which counts as a failed attempt after one retry on a
         * new connection. The sender renews its lease while a send is waited for.
         */
        @WithDefault("PT1M")
        Duration sendTimeout();
    }

    interface Token {
        /** How long a developer link works. */
        @WithDefault("P180D")
        Duration ttl();

        /** The key developer links are derived with; the same on every replica, kept in a secret. */
        String secret();

        /**
         * Earlier values of {@code secret}, kept after a rotation until the links derived with them have
         * expired ({@code ttl}): their mails can still be sent and re-sent. Each link records its key's id.
         */
        Optional<List<String>> previousSecrets();
    }
}
