package org.datarecall.bounce;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.sql.DataSource;

import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.Times;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads the bounce mailbox over IMAP: every replica tries each {@code datarecall.bounces.imap.interval},
 * one at a time holds the database's lock on it and reads; bounces are recorded
 * ({@link BounceRecorder}, committed) before the messages are moved to the processed folder, so a
 * replica that dies between the two leaves messages the next reader records again without effect and
 * then moves. Messages that are not bounces of our notices are moved too, and logged. A message that
 * cannot be parsed (broken MIME) is moved to the unreadable folder for a person, and logged; a connection
 * lost mid-chunk ends the pass with nothing of that chunk recorded or moved, for the next pass.
 */
@ApplicationScoped
public class BounceMailbox {

    private static final Logger LOG = Logger.getLogger(BounceMailbox.class);

    /** The advisory lock key of the mailbox: one reader at a time across replicas. */
    private static final long LOCK = 0x4452626f756e6365L;

    /**
     * Messages read, recorded and moved at a time; a pass goes on with the next chunk while the folder
     * has more, so a wave of bounces is read at once, each chunk committed before its messages move.
     */
    private static final int CHUNK = 2000;

    /** A chunk's messages together at most (by their sizes, read first), so that big junk cannot fill the heap. */
    private static final long CHUNK_BYTES = 32L * 1024 * 1024;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Inject
    DataRecallConfig config;

    @Inject
    BounceRecorder recorder;

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    /** What one pass did: messages read and moved aside, bounces among them, notices marked, messages unreadable. */
    public record Pass(int read, int bounces, int marked, int unreadable) {
        Pass plus(Pass other) {
            return new Pass(read + other.read, bounces + other.bounces, marked + other.marked,
                    unreadable + other.unreadable);
        }
    }

    @Scheduled(every = "${datarecall.bounces.imap.interval}", identity = "datarecall-bounces",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.bounces().imap().host().isPresent()) {
            try {
                readOnce();
            } catch (RuntimeException e) {
                // One line, not a stack: an unreachable mailbox repeats every interval until it is back.
                LOG.errorf("reading the bounce mailbox failed; the next pass tries again: %s", e.getMessage());
                LOG.debug("the bounce mailbox's failure", e);
            }
        }
    }

    /** Reads the mailbox once if no other replica is reading it; empty when one is. */
    public Optional<Pass> readOnce() {
        DataRecallConfig.Bounces.Imap imap = config.bounces().imap();
        String host = imap.host().orElseThrow(() -> new IllegalStateException("datarecall.bounces.imap.host is not set"));
        // A session lock on a connection of its own, held while the mailbox is read and released on every
        // path (and by PostgreSQL itself if this replica dies): the recording runs in its own transaction.
        try (Connection lock = dataSource.getConnection()) {
            if (!Jdbc.list(lock, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1), LOCK).getFirst()) {
                return Optional.empty();
            }
            try {
                long started = System.nanoTime();
                Pass pass = read(host, imap);
                if (pass.read() > 0) {
                    // Messages read per second of reading, the way the sweep's stages are measured.
                    metrics.counter("datarecall.bounces.read").increment(pass.read());
                    metrics.timer("datarecall.bounces.pass").record(java.time.Duration.ofNanos(System.nanoTime() - started));
                }
                return Optional.of(pass);
            } finally {
                Jdbc.list(lock, "SELECT pg_advisory_unlock(?)", rs -> rs.getBoolean(1), LOCK);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("the bounce mailbox " + host + ": " + e.getMessage(), e);
        }
    }

    private Pass read(String host, DataRecallConfig.Bounces.Imap imap) throws MessagingException {
        if (imap.folder().equals(imap.processedFolder()) || imap.folder().equals(imap.unreadableFolder())) {
            // Moving a message into the folder it is read from would read it again for ever.
            throw new IllegalStateException("datarecall.bounces.imap.processed-folder and unreadable-folder must "
                    + "differ from datarecall.bounces.imap.folder");
        }
        String protocol = imap.ssl() ? "imaps" : "imap";
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".connectiontimeout", "30000");
        properties.put("mail." + protocol + ".timeout", "60000");
        Session session = Session.getInstance(properties);
        try (Store store = session.getStore(protocol)) {
            store.connect(host, imap.port(), imap.username().orElse(null), imap.password().orElse(null));
            Folder inbox = store.getFolder(imap.folder());
            inbox.open(Folder.READ_WRITE);
            try {
                Folder processed = existing(store.getFolder(imap.processedFolder()));
                // Made only when a message needs it: a mailbox user may not be allowed to make folders.
                Folder unreadable = store.getFolder(imap.unreadableFolder());
                Pass pass = new Pass(0, 0, 0, 0);
                while (true) {
                    Pass chunk = readChunk(inbox, processed, unreadable);
                    pass = pass.plus(chunk);
                    if (chunk.read() + chunk.unreadable() == 0) {
                        return pass;
                    }
                }
            } finally {
                inbox.close(true);
            }
        }
    }

    private static Folder existing(Folder folder) throws MessagingException {
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES);
        }
        return folder;
    }

    /**
     * Reads the first messages of the folder, records their bounces, then moves them to {@code processed}
     * and the ones that cannot be parsed to {@code unreadable}.
     */
    private Pass readChunk(Folder inbox, Folder processed, Folder unreadable) throws MessagingException {
        int count = inbox.getMessageCount();
        if (count == 0) {
            return new Pass(0, 0, 0, 0);
        }
        Message[] messages = withinBytes(inbox, inbox.getMessages(1, Math.min(count, CHUNK)));
        // Every message whole in one command, instead of one round trip per message as it is read.
        FetchProfile whole = new FetchProfile();
        whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
        inbox.fetch(messages, whole);
        List<Bounce> bounces = new ArrayList<>();
        List<Message> read = new ArrayList<>();
        List<Message> broken = new ArrayList<>();
        for (Message message : messages) {
            try {
                BounceReader.read((MimeMessage) message).ifPresentOrElse(bounces::add, () -> LOG.infof(
                        "bounce mailbox: message %s is no bounce of a notice; moved aside", subject(message)));
                read.add(message);
            } catch (FolderClosedException | StoreClosedException e) {
                // The connection, not the message: nothing of this chunk is recorded or moved; the next pass
                // reads it again.
                throw e;
            } catch (MessagingException | IOException | RuntimeException e) {
                if (!inbox.isOpen()) {
                    // Also the connection (Angus reports one lost mid-body as an IOException).
                    throw new FolderClosedException(inbox, "the connection was lost reading " + subject(message));
                }
                LOG.warnf("bounce mailbox: message %s cannot be parsed (%s); moved to %s for a person to look at",
                        subject(message), e.getMessage(), unreadable.getFullName());
                broken.add(message);
            }
        }
        int marked = recorder.record(bounces, Times.stored(clock.instant()));
        moveAll(inbox, read, processed);
        if (!broken.isEmpty()) {
            moveAll(inbox, broken, existing(unreadable));
        }
        if (!broken.isEmpty()) {
            metrics.counter("datarecall.bounces.unreadable").increment(broken.size());
        }
        LOG.infof("bounce mailbox: %d message(s) read, %d bounce(s), %d notice(s) marked BOUNCED, %d unreadable",
                read.size(), bounces.size(), marked, broken.size());
        return new Pass(read.size(), bounces.size(), marked, broken.size());
    }

    private static void moveAll(Folder from, List<Message> messages, Folder to) throws MessagingException {
        if (!messages.isEmpty()) {
            Message[] moved = messages.toArray(Message[]::new);
            from.copyMessages(moved, to);
            from.setFlags(moved, new Flags(Flags.Flag.DELETED), true);
            from.expunge();
        }
    }

    /** The first messages whose sizes add up to at most {@link #CHUNK_BYTES} (always at least one). */
    private static Message[] withinBytes(Folder inbox, Message[] messages) throws MessagingException {
        FetchProfile sizes = new FetchProfile();
        sizes.add(FetchProfile.Item.SIZE);
        inbox.fetch(messages, sizes);
        long total = 0;
        int n = 0;
        while (n < messages.length) {
            total += Math.max(0, messages[n].getSize());
            if (n > 0 && total > CHUNK_BYTES) {
                break;
            }
            n++;
        }
        return n == messages.length ? messages : Arrays.copyOf(messages, n);
    }

    private static String subject(Message message) {
        try {
            return Arrays.toString(message.getHeader("Message-ID"));
        } catch (MessagingException e) {
            return "(unknown)";
        }
    }
}
