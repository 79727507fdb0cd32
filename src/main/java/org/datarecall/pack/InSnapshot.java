package org.datarecall.pack;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import javax.sql.DataSource;

import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Part of a pack read on a second connection while the pack's own connection streams the events:
 * PostgreSQL works on the heavy query of the report (a pass over the events, notices, records and
 * attestations grouped by case, which the statement is counted from too) on one core while the service
 * writes the events on the other. The second transaction imports the pack's snapshot
 * ({@code pg_export_snapshot}), so what it reads describes the same moment as every other file. Closing it tells the work the pack was abandoned
 * (a file it writes refuses its next write, so the cursor stops early) and waits for it to end.
 */
final class InSnapshot<T> implements AutoCloseable {

    /**
     * The work, on its own connection in the snapshot. It writes through {@code self.stoppable(...)}, which
     * refuses writes once the pack is abandoned, so a long cursor stops early.
     */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection con, InSnapshot<T> self) throws SQLException, IOException;
    }

    private final FutureTask<T> task;
    private volatile boolean abandoned;

    private InSnapshot(String snapshot, DataSource dataSource, int timeoutSeconds, Work<T> work) {
        this.task = new FutureTask<>(() -> QuarkusTransaction.requiringNew().timeout(timeoutSeconds)
                .call(() -> run(snapshot, dataSource, work)));
    }

    /**
     * The name of the snapshot of {@code con}'s transaction (repeatable read), which other transactions
     * may take while it stays open.
     */
    static String export(Connection con) throws SQLException {
        return Jdbc.list(con, "SELECT pg_export_snapshot()", rs -> rs.getString(1)).getFirst();
    }

    /** Starts the work in an exported snapshot whose transaction stays open until this is closed. */
    static <T> InSnapshot<T> start(String snapshot, DataSource dataSource, int timeoutSeconds, String name,
            Work<T> work) {
        InSnapshot<T> started = new InSnapshot<>(snapshot, dataSource, timeoutSeconds, work);
        Thread.ofPlatform().daemon().name("datarecall-pack-" + name).start(started.task);
        return started;
    }

    private T run(String snapshot, DataSource dataSource, Work<T> work) {
        try (Connection con = dataSource.getConnection()) {
            Jdbc.update(con, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            // A snapshot's name is PostgreSQL's own text (hex digits and dashes), never a caller's.
            Jdbc.update(con, "SET TRANSACTION SNAPSHOT '" + snapshot + "'");
            Jdbc.longWork(con);
            // Each query here runs once over the campaign: compiling it (about a second each, measured on a
            // million cases) costs more than it saves.
            Jdbc.update(con, "SET LOCAL jit = off");
            return work.run(con, this);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the work's result. */
    T get() throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a part of the pack was read");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        abandoned = true;
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Already told to whoever called get(), or the pack was abandoned before it.
        }
    }

    /** A file's stream for the work, refusing writes once the pack is abandoned. */
    OutputStream stoppable(Path file) throws IOException {
        return new FilterOutputStream(Files.newOutputStream(file)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (abandoned) {
                    throw new IOException("the evidence pack was abandoned");
                }
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }
        };
    }
}
