package org.datarecall.platform.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/**
 * A fixed pool of named daemon threads, made on first use (a replica whose sweep or sender is
 * switched off never starts them) and stopped by its owner's {@code @PreDestroy}.
 */
public final class WorkerThreads {

    private final String name;
    private final IntSupplier size;
    private volatile ExecutorService pool;

    public WorkerThreads(String name, IntSupplier size) {
        this.name = name;
        this.size = size;
    }

    public ExecutorService get() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(Math.max(1, size.getAsInt()),
                            Thread.ofPlatform().name(name + "-", 0).daemon().factory());
                }
                p = pool;
            }
        }
        return p;
    }

    /** Stops taking work; running tasks finish, or are interrupted when {@code now} is true. */
    public void stop(boolean now) {
        ExecutorService p = pool;
        if (p != null) {
            if (now) {
                p.shutdownNow();
            } else {
                p.shutdown();
            }
        }
    }
}
