package org.datarecall.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * A real SMTP server (GreenMail) for the test classes that send mail, on a free port. Tests read what it
 * received; {@link #stop()} and {@link #restart()} make the server unavailable for a while.
 */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail mail;
    private static int port;

    @Override
    public Map<String, String> start() {
        if (port == 0) {
            port = FreePorts.one();
        }
        restart();
        return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(port), "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false", "quarkus.mailer.from", "recall@platform.example");
    }

    @Override
    public void stop() {
        down();
    }

    public static synchronized void down() {
        if (mail != null) {
            mail.stop();
            mail = null;
        }
    }

    /** Brings the server back if a test took it down; a running server is left alone (clients keep connections). */
    public static synchronized void ensureUp() {
        if (mail == null) {
            restart();
        }
    }

    public static synchronized void restart() {
        down();
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        mail.start();
        awaitGreeting();
    }

    /**
     * Waits until the server really answers: a connection made while GreenMail is still starting can
     * be accepted and then never greeted, which would leave the service's first send hanging until
     * the server's 30 s socket timeout. A probe of our own takes that first connection instead.
     */
    private static void awaitGreeting() {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(1000);
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                String greeting = in.readLine();
                if (greeting != null && greeting.startsWith("220")) {
                    socket.getOutputStream().write("QUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    return;
                }
            } catch (IOException e) {
                // not ready yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the SMTP server on port " + port + " does not greet");
    }

    public static List<MimeMessage> received() {
        return Arrays.asList(mail.getReceivedMessages());
    }

    /** The received mails with a given X-DataRecall-Case header. */
    public static List<MimeMessage> receivedFor(String caseId) {
        return received().stream().filter(m -> caseId.equals(header(m, "X-DataRecall-Case"))).toList();
    }

    public static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, ",");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain-text part of a received mail. */
    public static String text(MimeMessage m) throws Exception {
        return part(m, "text/plain");
    }

    /** The HTML part of a received mail. */
    public static String html(MimeMessage m) throws Exception {
        return part(m, "text/html");
    }

    private static String part(MimeMessage m, String type) throws Exception {
        Object content = m.getContent();
        if (content instanceof String s) {
            return s;
        }
        return find((MimeMultipart) content, type);
    }

    private static String find(MimeMultipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            if (part.getContent() instanceof MimeMultipart nested) {
                String found = find(nested, type);
                if (found != null) {
                    return found;
                }
            } else if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
        }
        return null;
    }
}
