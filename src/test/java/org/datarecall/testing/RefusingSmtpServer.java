package org.datarecall.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A minimal SMTP server that speaks the protocol but refuses every recipient with a permanent
 * {@code 550} answer, as a real server does for an address it does not know. GreenMail accepts
 * every address, so this stands in for the refusing server.
 */
public class RefusingSmtpServer implements QuarkusTestResourceLifecycleManager {

    public static final String REFUSAL = "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown";
    public static final AtomicInteger RCPT_ATTEMPTS = new AtomicInteger();

    private ServerSocket server;
    private Thread acceptor;

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofPlatform().daemon().start(() -> converse(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.getLocalPort()), "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false", "quarkus.mailer.from", "recall@platform.example");
    }

    private static void converse(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            reply(out, "220 refusing.example ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 refusing.example");
                    case "MAIL" -> reply(out, "250 2.1.0 Ok");
                    case "RCPT" -> {
                        RCPT_ATTEMPTS.incrementAndGet();
                        reply(out, REFUSAL);
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
