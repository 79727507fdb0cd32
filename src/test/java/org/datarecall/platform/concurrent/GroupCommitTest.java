package org.datarecall.platform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(40);
    private final List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void a_lone_caller_writes_its_own_item_at_once() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(2, 8, items -> {
            groups.add(items);
            return items.stream().map(i -> i * 2).toList();
        });
        assertThat(commit.submit(21)).isEqualTo(42);
        assertThat(groups).containsExactly(List.of(21));
    }

    @Test
    void callers_arriving_together_share_groups_and_each_gets_its_own_answer() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(2, 8, items -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            groups.add(items);
            sleep(20);
            inFlight.decrementAndGet();
            return items.stream().map(i -> i * 2).toList();
        });
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int item = i;
            answers.add(callers.submit(() -> commit.submit(item)));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i * 2);
        }
        assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(200);
        assertThat(groups).allSatisfy(g -> assertThat(g).hasSizeBetween(1, 8));
        assertThat(groups.stream().mapToInt(List::size).max().orElseThrow()).isGreaterThan(1);
        assertThat(mostInFlight.get()).isEqualTo(2);
    }

    @Test
    void an_item_that_fails_its_group_fails_alone_and_the_others_are_written() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(1, 8, items -> {
            groups.add(items);
            if (items.equals(List.of(0))) {
                firstWriting.countDown();
                await(release);
            }
            if (items.contains(13)) {
                throw new IllegalArgumentException("13 is refused");
            }
            return items.stream().map(i -> i * 2).toList();
        });
        Future<Integer> first = callers.submit(() -> commit.submit(0));
        // While the first group is written, three callers queue; they become the next group.
        List<Future<Integer>> queued = threeQueuedBehind(commit, firstWriting);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(queued.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(24);
        assertThat(queued.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(28);
        assertThatThrownBy(() -> queued.get(1).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("13 is refused");
        // The first group, then the three that queued behind it together, then each of those alone.
        assertThat(groups).hasSize(5);
        assertThat(groups.get(0)).containsExactly(0);
        assertThat(groups.get(1)).containsExactlyInAnyOrder(12, 13, 14);
        assertThat(groups.subList(2, 5)).containsExactlyElementsOf(groups.get(1).stream().map(List::of).toList());
    }

    /** A failure of the whole group (a lock not had in time). */
    static final class Busy extends RuntimeException implements GroupCommit.WholeGroup {
        Busy() {
            super("busy");
        }
    }

    @Test
    void a_failure_of_the_whole_group_reaches_every_item_at_once_without_writing_each_again() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(1, 8, items -> {
            groups.add(items);
            if (items.equals(List.of(0))) {
                firstWriting.countDown();
                await(release);
                return List.of(0);
            }
            throw new Busy();
        });
        Future<Integer> first = callers.submit(() -> commit.submit(0));
        List<Future<Integer>> queued = threeQueuedBehind(commit, firstWriting);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
        for (Future<Integer> f : queued) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Busy.class);
        }
        // The first group and the three together: none of the three written again alone.
        assertThat(groups).hasSize(2);
    }

    /** Once the first group is being written, three callers (12, 13, 14) queue behind it. */
    private List<Future<Integer>> threeQueuedBehind(GroupCommit<Integer, Integer> commit, CountDownLatch firstWriting)
            throws InterruptedException {
        assertThat(firstWriting.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Integer>> queued = new ArrayList<>();
        for (int item : new int[] { 12, 13, 14 }) {
            queued.add(callers.submit(() -> commit.submit(item)));
        }
        while (commit.queued() < 3) {
            sleep(5);
        }
        return queued;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
