package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A lazy input is the caller's iterator: read by the pool's context alone, its failures fail the job. */
@Timeout(120)
class LazyInputTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final TaskPool pool = TaskPool.local(VERTX, new PoolOptions(), 2);

  @AfterAll
  static void close() {
    VERTX.close();
  }

  @Test
  void pollingProgressWhileALazyMapRuns_neverTouchesTheIterator_soEveryResultIsRight()
      throws Exception {
    int n = 2_000_000;
    // an ordinary iterator, not thread-safe: a second reader skips or repeats items
    Iterator<Integer> items = IntStream.range(0, n).boxed().iterator();
    MapResult<Integer> result = pool.mapAsync("double", items);
    AtomicBoolean sawUnknownTotal = new AtomicBoolean();
    AtomicLong polls = new AtomicLong();
    while (!result.isDone()) {
      polls.incrementAndGet();
      if (result.totalItems() == -1) {
        sawUnknownTotal.set(true);
      }
      result.completedItems();
      result.retriedChunks();
    }
    List<Integer> doubled = result.get(60, TimeUnit.SECONDS);
    assertThat(doubled).hasSize(n);
    for (int i = 0; i < n; i++) {
      if (doubled.get(i) != 2 * i) {
        throw new AssertionError("item " + i + " is " + doubled.get(i) + ", not " + 2 * i);
      }
    }
    assertThat(sawUnknownTotal).isTrue();
    assertThat(result.totalItems()).isEqualTo(n);
    assertThat(polls.get()).isPositive();
  }

  /**
   * From {@code hasNext()} or {@code next()}; chunk sizes that put the failure inside a chunk
   * (automatic) and on a chunk's boundary (1,000).
   */
  @ParameterizedTest
  @CsvSource({"true, 0", "true, 1000", "false, 0", "false, 1000"})
  void iteratorThatThrows_failsTheJobWithThatException(boolean inHasNext, int chunkSize) {
    UncheckedIOException broken = new UncheckedIOException(new IOException("disk gone"));
    MapResult<Integer> result = pool.mapAsync("double", failingAfter(10_000, broken, inHasNext),
        chunkSize);
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isSameAs(broken);
  }

  @Test
  void starmapIteratorThatThrows_failsTheJobToo() {
    IllegalStateException broken = new IllegalStateException("source closed");
    Iterator<List<?>> args = FailingIterators.failingAfter(5_000, broken, true,
        i -> List.of(i, 2));
    MapResult<Integer> result = pool.starmapAsync("mul", args, 500);
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isSameAs(broken);
  }

  private static Iterator<Integer> failingAfter(int n, RuntimeException error, boolean inHasNext) {
    return FailingIterators.failingAfter(n, error, inHasNext, i -> i);
  }
}
