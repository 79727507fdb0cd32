package org.datarecall.notice;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.datarecall.platform.config.DataRecallConfig;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Sends mail over SMTP with Jakarta Mail, one blocking conversation per calling thread, on
 * connections kept for reuse. Every socket operation has a time limit ({@code send-timeout}): a
 * server that accepts a connection and never greets, or stops answering mid-conversation, costs
 * the calling thread at most that long per read, and the connection is then dropped, never pooled
 * again. (The reactive client used before could keep waiting on such a conversation, and its pooled
 * connection, with no limit of its own; a time-out around it freed the caller, not the connection.)
 *
 * <p>Settings: {@link SmtpSettings}.
 */
@ApplicationScoped
public class SmtpClient {

    private static final Logger LOG = Logger.getLogger(SmtpClient.class);

    /** A connection idle longer than this may have been dropped by the relay: it is closed, not reused. */
    private static final Duration REUSE_WITHIN = Duration.ofSeconds(20);

    /** Why a mail did not go: the server's answer (code and text), or what happened when it gave none. */
    public static final class SendFailed extends Exception {
        private final int replyCode;

        SendFailed(String answer, int replyCode, Throwable cause) {
            super(answer, cause);
            this.replyCode = replyCode;
        }

        /** The server's reply, e.g. {@code 550 5.1.1 …}, or a description when it gave none. */
        public String answer() {
            return getMessage();
        }

        /** A 5xx answer: the same mail will be refused again. */
        public boolean permanent() {
            return replyCode >= 500;
        }

        /** Nothing came back (time-out, connection lost): another connection may do better at once. */
        boolean unanswered() {
            return replyCode == 0;
        }
    }

    private record Connection(Transport transport, long idleSince) {
    }

    @Inject
    SmtpSettings settings;

    @Inject
    DataRecallConfig config;

    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private ScheduledExecutorService writeTimeouts;
    private Session session;

    @PostConstruct
    void open() {
        long timeout = config.outbox().sendTimeout().toMillis();
        // One task per socket write, cancelled when the write ends: cancelled ones must leave the queue at once.
        ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("smtp-write-timeouts").daemon().factory());
        timeouts.setRemoveOnCancelPolicy(true);
        writeTimeouts = timeouts;
        String protocol = settings.tls() ? "smtps" : "smtp";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", settings.host());
        props.put("mail." + protocol + ".port", Integer.toString(settings.port().orElse(settings.tls() ? 465 : 25)));
        props.put("mail." + protocol + ".connectiontimeout", Long.toString(timeout));
        props.put("mail." + protocol + ".timeout", Long.toString(timeout));
        props.put("mail." + protocol + ".writetimeout", Long.toString(timeout));
        props.put("mail." + protocol + ".executor.writetimeout", writeTimeouts);
        // Closing does not wait for the answer to QUIT: the mail was already taken.
        props.put("mail." + protocol + ".quitwait", "false");
        props.put("mail." + protocol + ".starttls.enable", Boolean.toString(!"DISABLED".equalsIgnoreCase(settings.startTls())));
        props.put("mail." + protocol + ".starttls.required", Boolean.toString("REQUIRED".equalsIgnoreCase(settings.startTls())));
        if (settings.tls() || !"DISABLED".equalsIgnoreCase(settings.startTls())) {
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        props.put("mail." + protocol + ".auth", Boolean.toString(settings.username().isPresent()));
        session = Session.getInstance(props);
    }

    /**
     * The service's own addresses must parse, or every mail would fail to compose: refused at start
     * rather than found as a queue of FAILED mail.
     */
    void checkOwnAddresses(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        java.util.Map<String, String> own = new java.util.LinkedHashMap<>();
        own.put("datarecall.mail.from / quarkus.mailer.from", from());
        config.mail().replyTo().ifPresent(a -> own.put("datarecall.mail.reply-to", a));
        config.mail().bounceAddress().ifPresent(a -> own.put("datarecall.mail.bounce-address", a));
        own.forEach((key, address) -> {
            try {
                new InternetAddress(address, true);
            } catch (MessagingException e) {
                throw new IllegalStateException(key + " is not a mail address: " + address);
            }
        });
    }

    /** The From address every mail carries: {@code datarecall.mail.from}, else {@code quarkus.mailer.from}. */
    public String from() {
        return config.mail().from().orElse(settings.from());
    }

    /** True when mail is logged instead of sent ({@code quarkus.mailer.mock}). */
    boolean mocked() {
        return settings.mock().orElse(LaunchMode.current().isDevOrTest());
    }

    /**
     * Sends one mail and returns once the server has taken it. A send the server never answered
     * (time-out, a dropped connection), or a kept connection the relay closed with 421, is tried once
     * more at once on a new connection; any other answer, even a refusal, is final.
     */
    public void send(OutgoingMail mail) throws SendFailed {
        if (mocked()) {
            // Dev mode's console is the developer's own (production never mocks): the whole text, so that a
            // signatory's code can be read there.
            LOG.infof("mail not sent (quarkus.mailer.mock) to %s, cc %s: %s%n%s", mail.to, mail.cc, mail.subject,
                    mail.text);
            return;
        }
        SMTPMessage message;
        Address[] recipients;
        try {
            message = message(mail);
            recipients = message.getAllRecipients();
        } catch (MessagingException e) {
            // The service's own addresses were checked at start: what is left is a recipient's address.
            throw new SendFailed("the mail could not be composed: " + e.getMessage(), 550, e);
        }
        for (int attempt = 1; ; attempt++) {
            Connection kept = attempt == 1 ? borrow() : null;
            try {
                sendOnce(kept, message, recipients);
                return;
            } catch (MessagingException e) {
                SendFailed failed = failure(e);
                if (attempt == 1 && (failed.unanswered() || kept != null && failed.replyCode == 421)) {
                    LOG.debugf("mail %s: %s; trying once more on a new connection", mail.messageId(), failed.answer());
                    continue;
                }
                throw failed;
            }
        }
    }

    /** Sends on the kept connection given, or on a new one. */
    private void sendOnce(Connection kept, SMTPMessage message, Address[] recipients) throws MessagingException {
        Transport transport = kept != null ? kept.transport() : connect();
        try {
            transport.sendMessage(message, recipients);
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(transport);
            throw e;
        }
        if (settings.keepAlive()) {
            idle.push(new Connection(transport, System.nanoTime()));
        } else {
            closeQuietly(transport);
        }
    }

    /** The most recently used idle connection, or null; older idle ones past {@link #REUSE_WITHIN} are closed. */
    private Connection borrow() {
        for (Connection c; (c = idle.poll()) != null; ) {
            if (System.nanoTime() - c.idleSince() < REUSE_WITHIN.toNanos()) {
                return c;
            }
            closeQuietly(c.transport());
        }
        return null;
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport();
        if (settings.username().isPresent()) {
            transport.connect(settings.username().get(), settings.password().orElse(""));
        } else {
            transport.connect();
        }
        return transport;
    }

    private SMTPMessage message(OutgoingMail mail) throws MessagingException {
        String messageId = mail.messageId();
        SMTPMessage message = new SMTPMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // Ours, the same on every attempt and every replica: a duplicate is recognisable by it.
                if (messageId != null) {
                    setHeader("Message-ID", messageId);
                } else {
                    super.updateMessageID();
                }
            }
        };
        message.setFrom(new InternetAddress(mail.from));
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, addresses(mail.to));
        if (!mail.cc.isEmpty()) {
            message.setRecipients(jakarta.mail.Message.RecipientType.CC, addresses(mail.cc));
        }
        if (mail.replyTo != null) {
            message.setReplyTo(InternetAddress.parse(mail.replyTo));
        }
        if (mail.envelopeFrom != null) {
            message.setEnvelopeFrom(mail.envelopeFrom);
        }
        message.setSubject(mail.subject, StandardCharsets.UTF_8.name());
        for (Map.Entry<String, String> header : mail.headers.entrySet()) {
            if (!"Message-ID".equalsIgnoreCase(header.getKey())) {
                message.setHeader(header.getKey(), header.getValue());
            }
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text, StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html, StandardCharsets.UTF_8.name(), "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        if (mail.attachments.isEmpty()) {
            message.setContent(alternative);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart bodies = new MimeBodyPart();
            bodies.setContent(alternative);
            mixed.addBodyPart(bodies);
            for (OutgoingMail.Attachment a : mail.attachments) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
                part.setFileName(a.name());
                part.setDisposition(jakarta.mail.Part.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }

    private static InternetAddress[] addresses(List<String> list) throws MessagingException {
        List<InternetAddress> all = new ArrayList<>();
        for (String address : list) {
            all.add(new InternetAddress(address));
        }
        return all.toArray(InternetAddress[]::new);
    }

    /** The server's first answer found in the chain of exceptions, or what went wrong when it gave none. */
    private SendFailed failure(MessagingException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            int code = switch (t) {
                case SMTPSendFailedException s -> s.getReturnCode();
                case SMTPAddressFailedException a -> a.getReturnCode();
                case SMTPSenderFailedException s -> s.getReturnCode();
                default -> 0;
            };
            if (code > 0) {
                return new SendFailed(t.getMessage().strip(), code, e);
            }
        }
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SocketTimeoutException timeout) {
                return new SendFailed("no answer from the SMTP server within " + config.outbox().sendTimeout()
                        + " (SocketTimeoutException: " + timeout.getMessage() + ")", 0, e);
            }
        }
        Throwable root = e;
        while (next(root) != null) {
            root = next(root);
        }
        String answer = e.getMessage() + (root == e ? "" : " (" + root.getClass().getSimpleName() + ": "
                + root.getMessage() + ")");
        return new SendFailed(answer, 0, e);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // already broken; nothing more to do with it
        }
    }

    @PreDestroy
    void close() {
        for (Connection c; (c = idle.poll()) != null; ) {
            closeQuietly(c.transport());
        }
        writeTimeouts.shutdownNow();
    }
}
