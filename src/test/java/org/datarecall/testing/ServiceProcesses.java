package org.datarecall.testing;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the packaged service (or its migration job) as a process of its own, and kills whatever is
 * still running when the test JVM ends — also when the run is interrupted before a test's own clean-up.
 * A replica left behind would go on working on the test database and take the next run's jobs and mail.
 */
public final class ServiceProcesses {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "stop-service-processes"));
    }

    private ServiceProcesses() {
    }

    /** Starts the command with its output (both streams) in {@code log}. */
    public static Process start(List<String> command, File log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        RUNNING.add(process);
        process.onExit().thenAccept(RUNNING::remove);
        return process;
    }
}
