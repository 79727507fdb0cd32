package org.datarecall.testing;

import java.util.Map;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;

/**
 * A real IMAP server (GreenMail) holding the bounce mailbox {@code bounces@platform.example}, and the
 * settings that make the service read it and send with VERP envelope senders. Tests deliver bounces
 * into it as a relay would.
 */
public class BounceMailboxServer implements QuarkusTestResourceLifecycleManager {

    public static final String ADDRESS = "bounces@platform.example";
    private static volatile GreenMail imap;
    private static GreenMailUser user;

    @Override
    public Map<String, String> start() {
        int port = FreePorts.one();
        imap = new GreenMail(new ServerSetup(port, "127.0.0.1", "imap"));
        imap.start();
        user = imap.setUser(ADDRESS, "bounces", "bounce-secret");
        return Map.of("datarecall.mail.bounce-address", ADDRESS,
                "datarecall.bounces.imap.host", "127.0.0.1",
                "datarecall.bounces.imap.port", Integer.toString(port),
                "datarecall.bounces.imap.ssl", "false",
                "datarecall.bounces.imap.username", "bounces",
                "datarecall.bounces.imap.password", "bounce-secret");
    }

    @Override
    public void stop() {
        if (imap != null) {
            imap.stop();
        }
    }

    /** Runs {@code action} with the IMAP server stopped, then starts it again (empty, as after a restart). */
    public static void whileDown(Runnable action) {
        imap.stop();
        try {
            action.run();
        } finally {
            imap.start();
            user = imap.setUser(ADDRESS, "bounces", "bounce-secret");
        }
    }

    /** Puts a message into the bounce mailbox's INBOX, as the relay would deliver a bounce. */
    public static void deliver(MimeMessage message) {
        user.deliver(message);
    }

    /** The messages now in a folder of the bounce mailbox. */
    public static int messagesIn(String folder) {
        try {
            var mailbox = imap.getManagers().getImapHostManager().getFolder(user, folder);
            return mailbox == null ? 0 : mailbox.getMessageCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
