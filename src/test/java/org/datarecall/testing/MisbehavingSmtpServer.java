package org.datarecall.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A minimal SMTP server for the troubles GreenMail cannot stage: it refuses {@code nobody@…} with a
 * permanent {@code 550}, as a real server does for an address it does not know; it never answers
 * the recipient {@code silent@…}, as a stalled server does; it answers {@code 451} to the first two
 * tries for {@code later@…}, as a greylisting server does; while {@link #greet} is off, it accepts
 * connections and never says a word; every other mail it takes.
 */
public class MisbehavingSmtpServer implements QuarkusTestResourceLifecycleManager {

    public static final String REFUSAL = "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown";
    public static final AtomicInteger RCPT_ATTEMPTS = new AtomicInteger();
    /** The recipients of the mails taken, in the order their DATA ended. */
    public static final List<String> ACCEPTED = new CopyOnWriteArrayList<>();

    public static final String GREYLISTED = "451 4.7.1 <later@example.com>: Recipient address rejected: Greylisted";

    private static final java.util.Set<Socket> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicBoolean GREETS = new java.util.concurrent.atomic.AtomicBoolean(true);
    private static final AtomicInteger LATER_TRIES = new AtomicInteger();

    private ServerSocket server;

    /**
     * Stops (false) or resumes (true) greeting. Stopping also drops every open connection, so that the
     * client has to open new ones: those are accepted and then left in silence.
     */
    public static void greet(boolean greets) {
        GREETS.set(greets);
        if (!greets) {
            for (Socket s : OPEN) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    OPEN.add(socket);
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            if (GREETS.get()) {
                                converse(socket);
                            } else {
                                silence(socket);
                            }
                        } finally {
                            OPEN.remove(socket);
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.getLocalPort()), "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false", "quarkus.mailer.from", "recall@platform.example");
    }

    /** Reads whatever comes and answers nothing, until the client hangs up. */
    private static void silence(Socket socket) {
        try (socket; InputStreamReader in = new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)) {
            while (in.read() >= 0) {
                // discard
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static void converse(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            reply(out, "220 misbehaving.example ESMTP");
            String recipient = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT)
                        : line.toUpperCase(Locale.ROOT);
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 misbehaving.example");
                    case "MAIL" -> reply(out, "250 2.1.0 Ok");
                    case "RCPT" -> {
                        RCPT_ATTEMPTS.incrementAndGet();
                        String lower = line.toLowerCase(Locale.ROOT);
                        if (lower.contains("<nobody@")) {
                            reply(out, REFUSAL);
                        } else if (lower.contains("<later@") && LATER_TRIES.incrementAndGet() <= 2) {
                            reply(out, GREYLISTED);
                        } else if (lower.contains("<silent@")) {
                            // Say nothing: the client waits until it gives up and closes the connection.
                            while (in.readLine() != null) {
                                // discard
                            }
                            return;
                        } else {
                            recipient = lower.substring(lower.indexOf('<') + 1, lower.indexOf('>'));
                            reply(out, "250 2.1.5 Ok");
                        }
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                            // the message itself is not kept
                        }
                        ACCEPTED.add(recipient);
                        reply(out, "250 2.0.0 Ok: queued");
                    }
                    case "RSET", "NOOP" -> reply(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (IOException e) {
            // The client went away; nothing to do.
        }
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
