package org.datarecall.platform.concurrent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Lets callers that each want one small write share a transaction. While fewer than
 * {@code writers} groups are being written, a caller writes its item at once, together with every
 * item queued by then (oldest first, at most {@code maxGroup}); otherwise it queues its item and
 * waits, and a writer that finishes hands its place to the oldest waiter.
 * A lone caller so writes its own item at once, never waiting for company; under load a group
 * holds what arrived while the last one was written, and one lock statement, one insert per table
 * and one commit serve many requests. It has no threads of its own: the callers write.
 *
 * <p>The write answers one result per item, in order. If it throws, one item may have spoilt the
 * whole group's transaction, so each item of that group is written again alone and only the one at
 * fault gets the exception — unless the exception says it is the whole group's ({@link WholeGroup}, e.g.
 * a lock that could not be had in time): then every item gets it at once, and none waits again.
 */
public final class GroupCommit<T, R> {

    /** An exception no item caused alone: writing each item again would only repeat it. */
    public interface WholeGroup {
    }

    private final int writers;
    private final int maxGroup;
    private final Function<List<T>, List<R>> write;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
    private int writing;

    public GroupCommit(int writers, int maxGroup, Function<List<T>, List<R>> write) {
        this.writers = writers;
        this.maxGroup = maxGroup;
        this.write = write;
    }

    /** Writes the item, alone or in a group; answers its result or throws its exception. */
    public R submit(T item) {
        Pending<T, R> mine = new Pending<>(item, Thread.currentThread());
        lock.lock();
        try {
            if (writing < writers) {
                writing++;
                mine.leads = true;
            } else {
                queue.add(mine);
            }
        } finally {
            lock.unlock();
        }
        // Each waiter is woken alone (no herd of threads contending for one monitor): when its group
        // is written, or when a finishing writer hands it the free place to write the next group.
        boolean interrupted = false;
        try {
            while (true) {
                if (mine.leads) {
                    lead(mine);
                }
                Answer<R> answer = mine.answer;
                if (answer != null) {
                    if (answer.failure() != null) {
                        throw answer.failure();
                    }
                    return answer.result();
                }
                // Once queued, the item is written whatever happens to this thread, so its answer is awaited.
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many items wait for a group (tests use it to know when callers have queued). */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Writes a group that starts with this caller's item and holds what was queued, then hands the place on. */
    private void lead(Pending<T, R> mine) {
        mine.leads = false;
        List<Pending<T, R>> group = new ArrayList<>();
        group.add(mine);
        lock.lock();
        try {
            while (!queue.isEmpty() && group.size() < maxGroup) {
                group.add(queue.poll());
            }
        } finally {
            lock.unlock();
        }
        Answer<R>[] answers = null;
        Pending<T, R> next;
        try {
            answers = write(group);
        } finally {
            lock.lock();
            try {
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).answer = answers != null ? answers[i]
                            : new Answer<>(null, new IllegalStateException("the group's write failed"));
                }
                next = queue.poll();
                if (next != null) {
                    next.leads = true;
                } else {
                    writing--;
                }
            } finally {
                lock.unlock();
            }
        }
        for (Pending<T, R> p : group) {
            if (p != mine) {
                LockSupport.unpark(p.thread);
            }
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    @SuppressWarnings("unchecked")
    private Answer<R>[] write(List<Pending<T, R>> group) {
        Answer<R>[] answers = new Answer[group.size()];
        try {
            List<R> results = write.apply(group.stream().map(p -> p.item).toList());
            for (int i = 0; i < answers.length; i++) {
                answers[i] = new Answer<>(results.get(i), null);
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < answers.length; i++) {
                answers[i] = answers.length == 1 || e instanceof WholeGroup ? new Answer<>(null, e)
                        : alone(group.get(i).item);
            }
        }
        return answers;
    }

    private Answer<R> alone(T item) {
        try {
            return new Answer<>(write.apply(List.of(item)).getFirst(), null);
        } catch (RuntimeException e) {
            return new Answer<>(null, e);
        }
    }

    private record Answer<R>(R result, RuntimeException failure) {
    }

    /** One caller's item; {@code leads} and {@code answer} are set under the lock before its thread is woken. */
    private static final class Pending<T, R> {
        final T item;
        final Thread thread;
        volatile boolean leads;
        volatile Answer<R> answer;

        Pending(T item, Thread thread) {
            this.item = item;
            this.thread = thread;
        }
    }
}
