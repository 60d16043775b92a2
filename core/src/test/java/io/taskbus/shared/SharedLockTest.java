package io.taskbus.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SharedLockTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final SharedState shared = SharedState.create(VERTX);

  @AfterAll
  static void close() throws Exception {
    VERTX.close().await(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Counts who is inside at once, and the most ever. */
  private static final class Section {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final AtomicInteger entered = new AtomicInteger();

    void enter() {
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
      entered.incrementAndGet();
    }

    void leave() {
      inside.decrementAndGet();
    }
  }

  @Test
  void asyncWithLock_concurrentSections_neverOverlap() throws Exception {
    SharedLock lock = shared.lock("async");
    Section section = new Section();
    List<Future<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      all.add(lock.withLock(() -> {
        section.enter();
        Promise<Integer> later = Promise.promise(); // held across an event-loop turn
        VERTX.setTimer(1, t -> {
          section.leave();
          later.complete(n);
        });
        return later.future();
      }));
    }
    await(Future.all(all));
    assertThat(section.entered.get()).isEqualTo(40);
    assertThat(section.most.get()).isEqualTo(1);
  }

  @Test
  void blockingWithLock_onManyThreads_neverOverlaps_andLosesNoUpdate() throws Exception {
    SharedLock.Blocking lock = shared.lock("blocking").blocking();
    Section section = new Section();
    int[] plain = new int[1]; // unsynchronised on purpose: only the lock guards it
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 25; i++) {
          try {
            lock.withLock(() -> {
              section.enter();
              int read = plain[0];
              Thread.yield();
              plain[0] = read + 1;
              section.leave();
              return null;
            });
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join(20_000);
    }
    assertThat(section.most.get()).isEqualTo(1);
    assertThat(section.entered.get()).isEqualTo(100);
    assertThat(lock.withLock(() -> plain[0])).isEqualTo(100);
  }

  @Test
  void acquire_whileHeld_failsAtItsTimeout_namingTheLock() throws Exception {
    SharedLock lock = shared.lock("held");
    SharedLock.Releasable held = await(lock.acquire());
    assertThatThrownBy(() -> await(lock.acquire(Duration.ofMillis(100))))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(SharedStateException.class)
        .hasMessageContaining("lock 'held' not acquired within 100 ms");
    assertThatThrownBy(() -> lock.blocking(Duration.ofMillis(100)).acquire())
        .isInstanceOf(SharedStateException.class).hasMessageContaining("lock 'held'");
    held.release();
    held.release(); // a second release lets nobody else in
    await(lock.acquire(Duration.ofSeconds(5))).release();
  }

  @Test
  void withLock_blockThatThrowsOrFails_releasesTheLock() throws Exception {
    SharedLock lock = shared.lock("throws");
    assertThatThrownBy(() -> await(lock.withLock(() -> {
      throw new IllegalStateException("boom");
    }))).cause().hasMessage("boom");
    assertThatThrownBy(() -> await(lock.withLock(() -> Future.failedFuture("failed"))))
        .cause().hasMessage("failed");
    assertThatThrownBy(() -> lock.blocking().withLock(() -> {
      throw new java.io.IOException("io");
    })).isInstanceOf(java.io.IOException.class);
    await(lock.acquire(Duration.ofSeconds(5))).release();
  }

  @Test
  void blockingAcquire_interrupted_throwsKeepsTheFlag_andNeverLeavesTheLockHeld()
      throws Exception {
    SharedLock lock = shared.lock("interrupted");
    SharedLock.Releasable held = await(lock.acquire());
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> lock.blocking().acquire()).isInstanceOf(SharedStateException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).isTrue();
    held.release(); // the interrupted acquire gets it now, and lets it go at once
    await(lock.acquire(Duration.ofSeconds(5))).release();
  }
}
