package org.datarecall.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.datarecall.platform.config.DataRecallConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slows down clients that keep presenting bad developer links: after {@code max-failures} failures
 * within {@code failure-window}, every portal request of that client gets 429 until the window
 * that started with its first failure has passed. Kept per replica, in memory: tokens have 256
 * bits, so this is about noise and cost, not about making guessing feasible; with n replicas a
 * client gets at most n times the allowance.
 */
@ApplicationScoped
public class FailureLimiter {

    /** Clients remembered at most; beyond it the oldest windows are dropped first. */
    static final int MAX_CLIENTS = 100_000;

    private record Window(Instant start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    /** How long the client must wait, or null when it may go on. */
    public Duration blockedFor(String client) {
        Window w = windows.get(client);
        if (w == null || w.failures() < config.portal().maxFailures()) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), w.start().plus(config.portal().failureWindow()));
        if (left.isNegative() || left.isZero()) {
            windows.remove(client, w);
            return null;
        }
        return left;
    }

    public void failed(String client) {
        Instant now = clock.instant();
        Duration window = config.portal().failureWindow();
        windows.compute(client, (k, w) -> w == null || !now.isBefore(w.start().plus(window))
                ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
        if (windows.size() > MAX_CLIENTS) {
            forgetExpired(now, window);
        }
    }

    private void forgetExpired(Instant now, Duration window) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext();) {
            if (!now.isBefore(it.next().start().plus(window))) {
                it.remove();
            }
        }
        if (windows.size() > MAX_CLIENTS) {
            windows.clear();
        }
    }

    /** Forgets every client (tests; an operator restarting a replica has the same effect). */
    public void forgetAll() {
        windows.clear();
    }
}
