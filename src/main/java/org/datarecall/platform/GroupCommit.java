package org.datarecall.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lets callers that each want one small write share a transaction. A caller queues its item and
 * waits; while fewer than {@code writers} groups are being written, a waiting caller takes every
 * queued item (oldest first, at most {@code maxGroup}) and writes them together for all of them.
 * A lone caller so writes its own item at once, never waiting for company; under load a group
 * holds what arrived while the last one was written, and one lock statement, one insert per table
 * and one commit serve many requests. It has no threads of its own: the callers write.
 *
 * <p>The write answers one result per item, in order. If it throws, one item may have spoilt the
 * whole group's transaction, so each item of that group is written again alone and only the one at
 * fault gets the exception.
 */
public final class GroupCommit<T, R> {

    private final int writers;
    private final int maxGroup;
    private final Function<List<T>, List<R>> write;
    private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
    private int writing;

    public GroupCommit(int writers, int maxGroup, Function<List<T>, List<R>> write) {
        this.writers = writers;
        this.maxGroup = maxGroup;
        this.write = write;
    }

    /** Writes the item, alone or in a group; answers its result or throws its exception. */
    public R submit(T item) {
        Pending<T, R> mine = new Pending<>(item);
        boolean interrupted = false;
        try {
            synchronized (this) {
                queue.add(mine);
            }
            while (true) {
                List<Pending<T, R>> group;
                synchronized (this) {
                    // Once queued, the item is written whatever happens to this thread, so its answer is awaited.
                    while (mine.answer == null && (writing >= writers || queue.isEmpty())) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (mine.answer != null) {
                        if (mine.answer.failure() != null) {
                            throw mine.answer.failure();
                        }
                        return mine.answer.result();
                    }
                    group = new ArrayList<>(Math.min(queue.size(), maxGroup));
                    while (!queue.isEmpty() && group.size() < maxGroup) {
                        group.add(queue.poll());
                    }
                    writing++;
                }
                Answer<R>[] answers = null;
                try {
                    answers = write(group);
                } finally {
                    synchronized (this) {
                        for (int i = 0; i < group.size(); i++) {
                            group.get(i).answer = answers != null ? answers[i]
                                    : new Answer<>(null, new IllegalStateException("the group's write failed"));
                        }
                        writing--;
                        notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many items wait for a group (for tests and gauges). */
    public synchronized int queued() {
        return queue.size();
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
                answers[i] = answers.length == 1 ? new Answer<>(null, e) : alone(group.get(i).item);
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

    /** One caller's item, and its answer once written (read and set under the monitor). */
    private static final class Pending<T, R> {
        final T item;
        Answer<R> answer;

        Pending(T item) {
            this.item = item;
        }
    }
}
