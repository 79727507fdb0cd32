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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import javax.sql.DataSource;

import org.datarecall.evidence.CaseReport;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A campaign pack's {@code cases.csv}, read on a second connection while the pack's own connection
 * streams the events: PostgreSQL works on the report's query (a lateral look at each case's events,
 * notices, records and attestation) on one core while the service writes the events on the other. The
 * second transaction imports the pack's snapshot ({@code pg_export_snapshot}), so the report describes
 * the same moment as every other file. The rows go to a temporary file until the archive reaches them;
 * closing this ends the reader (at its next write when the pack was abandoned) and deletes the file.
 */
final class ReportInSnapshot implements AutoCloseable {

    private final Path file;
    private final FutureTask<Void> task;
    private volatile boolean abandoned;

    private ReportInSnapshot(String snapshot, UUID campaignId, DataSource dataSource, CaseReport report,
            int timeoutSeconds) throws IOException {
        this.file = Files.createTempFile("datarecall-cases", ".csv");
        this.task = new FutureTask<>(() -> {
            QuarkusTransaction.requiringNew().timeout(timeoutSeconds).run(() -> read(snapshot, campaignId,
                    dataSource, report));
            return null;
        });
    }

    /**
     * The name of the snapshot of {@code con}'s transaction (repeatable read), which other transactions
     * may take while it stays open.
     */
    static String export(Connection con) throws SQLException {
        return Jdbc.list(con, "SELECT pg_export_snapshot()", rs -> rs.getString(1)).getFirst();
    }

    /** Starts reading the report in an exported snapshot whose transaction stays open until this is closed. */
    static ReportInSnapshot start(String snapshot, UUID campaignId, DataSource dataSource, CaseReport report,
            int timeoutSeconds) throws IOException {
        ReportInSnapshot reader = new ReportInSnapshot(snapshot, campaignId, dataSource, report, timeoutSeconds);
        Thread.ofPlatform().daemon().name("datarecall-pack-report").start(reader.task);
        return reader;
    }

    private void read(String snapshot, UUID campaignId, DataSource dataSource, CaseReport report) {
        try (Connection con = dataSource.getConnection(); OutputStream out = stoppable(Files.newOutputStream(file))) {
            Jdbc.update(con, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            // A snapshot's name is PostgreSQL's own text (hex digits and dashes), never a caller's.
            Jdbc.update(con, "SET TRANSACTION SNAPSHOT '" + snapshot + "'");
            Jdbc.longWork(con);
            report.write(con, campaignId, null, out);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the report and copies it into the archive. */
    void copyTo(OutputStream out) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the report was read");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        Files.copy(file, out);
    }

    @Override
    public void close() throws IOException {
        abandoned = true;
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Already told to the reader of copyTo, or the pack was abandoned before it.
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The file's stream, refusing writes once the pack is abandoned, so the report's cursor stops early. */
    private OutputStream stoppable(OutputStream out) {
        return new FilterOutputStream(out) {
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
