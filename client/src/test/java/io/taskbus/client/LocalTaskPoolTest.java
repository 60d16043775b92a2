package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LocalTaskPoolTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final LocalTaskPool pool = TaskPool.local(VERTX, new PoolOptions(), 2);

  /** Not JSON, not Serializable: a local pool passes it as it is. */
  record Point(int x, int y) {
  }

  @AfterAll
  static void close() {
    VERTX.close();
  }

  @Test
  void map_lambdaOnPlainObjects_returnsResultsInOrder() throws Exception {
    pool.register("norm1", Point.class, p -> Math.abs(p.x()) + Math.abs(p.y()));
    List<Integer> norms = pool.map("norm1", List.of(new Point(1, 2), new Point(-3, 4)));
    assertThat(norms).containsExactly(3, 7);
  }

  @Test
  void seedExamples_giveThePythonResults() throws Exception {
    assertThat(pool.<Integer>map("double", List.of(1, 2, 3))).containsExactly(2, 4, 6);
    assertThat(pool.<Integer>starmap("mul", List.of(List.of(1, 4), List.of(2, 5), List.of(3, 6))))
        .containsExactly(4, 10, 18);
    assertThat(pool.<Integer>apply("mul", 2, 9)).isEqualTo(18);
    assertThat(pool.<Integer>mapAsync("double", List.of(5)).get()).containsExactly(10);
  }

  @Test
  void map_repliesOutOfOrder_stillGivesInputOrder() throws Exception {
    List<Integer> sleeps = IntStream.range(0, 12).map(i -> (12 - i) * 15).boxed().toList();
    assertThat(pool.<Integer>mapAsync("sleep", sleeps, 1).get(30, TimeUnit.SECONDS))
        .isEqualTo(sleeps);
  }

  @Test
  void map_thousandsOfItems_eachTakesExactlyOneResult() throws Exception {
    List<Integer> items = IntStream.range(0, 20_000).boxed().toList();
    MapResult<Integer> result = pool.mapAsync("double", items);
    assertThat(result.get(30, TimeUnit.SECONDS))
        .isEqualTo(items.stream().map(i -> i * 2).toList());
    assertThat(result.completedItems()).isEqualTo(20_000);
    assertThat(result.successful()).isTrue();
  }

  @Test
  void map_emptyInput_isAnEmptyList() throws Exception {
    assertThat(pool.map("double", List.of())).isEmpty();
  }

  @Test
  void failingTask_failsTheJobWithItsItemAndRemoteDetails() {
    MapResult<Object> result = pool.mapAsync("fail", List.of("a", "b"), 1);
    assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(TaskFailedException.class, e -> {
          assertThat(e.index()).isIn(0L, 1L);
          assertThat(e.task()).isEqualTo("fail");
          assertThat(e.remoteType()).isEqualTo(IllegalStateException.class.getName());
          assertThat(e.remoteStackTrace()).contains("BuiltinTasks");
        });
    assertThatThrownBy(() -> pool.apply("fail", "boom"))
        .isInstanceOf(TaskFailedException.class).hasMessageContaining("boom");
  }

  @Test
  void unknownTaskAndBadArguments_haveTheirOwnExceptions() {
    assertThatThrownBy(() -> pool.map("nope", List.of(1)))
        .isInstanceOf(UnknownTaskException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> pool.apply("mul", 1))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("takes 2 arguments");
  }

  @Test
  void taskOverItsTimeLimit_failsWithTimeoutException_andThePoolGoesOn() throws Exception {
    LocalTaskPool strict = TaskPool.local(VERTX, new PoolOptions().setTaskTimeoutMs(100), 2);
    assertThatThrownBy(() -> strict.apply("sleep", 20_000))
        .isInstanceOf(TimeoutException.class).hasMessageContaining("item 0");
    assertThat(strict.<Integer>apply("double", 4)).isEqualTo(8);
    strict.close();
  }

  @Test
  void getWithTimeout_throwsAndLeavesTheJobRunning() throws Exception {
    MapResult<Integer> result = pool.mapAsync("sleep", List.of(400));
    assertThatThrownBy(() -> result.get(10, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(result.isDone()).isFalse();
    assertThat(result.get(10, TimeUnit.SECONDS)).containsExactly(400);
  }

  @Test
  void cancel_stopsDispatch_andRunningItemsSeeIt() throws Exception {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger sawCancel = new AtomicInteger();
    pool.register("slow", (ctx, args) -> {
      started.incrementAndGet();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      while (System.nanoTime() < end) {
        if (ctx.cancelled()) {
          sawCancel.incrementAndGet();
          return null;
        }
        Thread.onSpinWait();
      }
      return null;
    });
    MapResult<Object> result = pool.mapAsync("slow", java.util.Collections.nCopies(200, 0), 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> started.get() >= 2);
    assertThat(result.cancel(true)).isTrue();
    assertThat(result.isCancelled()).isTrue();
    assertThatThrownBy(result::get).isInstanceOf(CancellationException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> sawCancel.get() >= 1);
    int afterCancel = started.get();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> started.get() == afterCancel);
    assertThat(afterCancel).isLessThan(10); // 2 slots x 2 prefetch were in hand, not 200
  }

  @Test
  void blockingOnAnEventLoop_failsFast() throws Exception {
    Promise<Throwable> seen = Promise.promise();
    VERTX.runOnContext(v -> {
      try {
        pool.map("double", List.of(1));
        seen.complete(null);
      } catch (Throwable e) {
        seen.complete(e);
      }
    });
    assertThat(seen.future().await(10, TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("event-loop");
  }

  @Test
  void badCalls_failBeforeAnythingRuns() {
    assertThatThrownBy(() -> pool.mapAsync(null, List.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pool.mapAsync(" ", List.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pool.mapAsync("double", (List<?>) null))
        .isInstanceOf(IllegalArgumentException.class);
    List<List<?>> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> pool.starmapAsync("mul", withNull))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument list 0");
  }

  @Test
  void toFuture_completesForReactiveCallers() throws Exception {
    List<Integer> result = pool.<Integer>mapAsync("add", List.of(1)).toFuture()
        .recover(e -> pool.<Integer>starmapAsync("add", List.of(List.of(1, 2))).toFuture())
        .await(10, TimeUnit.SECONDS);
    assertThat(result).containsExactly(3);
  }
}
