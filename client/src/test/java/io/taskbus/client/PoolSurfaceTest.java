package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rest of Pool's surface on the embedded pool: callbacks, progress, output, types, lifecycle. */
@Timeout(60)
class PoolSurfaceTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final LocalTaskPool pool = TaskPool.local(VERTX, new PoolOptions(), 2);

  @AfterAll
  static void close() {
    VERTX.close();
  }

  @Test
  void callbacks_runOnTheRegisteringContext_andOneThatThrowsBreaksNothing() throws Exception {
    Context caller = VERTX.getOrCreateContext();
    CompletableFuture<Context> ranOn = new CompletableFuture<>();
    CompletableFuture<List<Integer>> second = new CompletableFuture<>();
    caller.runOnContext(v -> pool.<Integer>mapAsync("double", List.of(1, 2))
        .onSuccess(r -> {
          throw new IllegalStateException("a careless callback");
        })
        .onSuccess(r -> ranOn.complete(Vertx.currentContext()))
        .onSuccess(second::complete));
    assertThat(ranOn.get(10, TimeUnit.SECONDS)).isSameAs(caller);
    assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(2, 4);
  }

  @Test
  void errorCallback_hearsTheFailure_andApplyHasCallbacksToo() throws Exception {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    pool.mapAsync("fail", List.of("boom")).onFailure(failure::complete);
    assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(TaskFailedException.class);
    CompletableFuture<Integer> sum = new CompletableFuture<>();
    pool.<Integer>applyAsync("add", 1, 2).onComplete(ar -> sum.complete(ar.result()));
    assertThat(sum.get(10, TimeUnit.SECONDS)).isEqualTo(3);
  }

  @Test
  void progress_countsItems_andItsListenerHearsTheEnd() throws Exception {
    List<Progress> heard = Collections.synchronizedList(new ArrayList<>());
    MapResult<Integer> result = pool.<Integer>mapAsync("sleep", Collections.nCopies(20, 30),
        new JobOptions().setChunkSize(1)).onProgress(heard::add);
    result.get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty()
        && heard.get(heard.size() - 1).done() == 20);
    Progress last = heard.get(heard.size() - 1);
    assertThat(last.total()).isEqualTo(20);
    assertThat(last.fraction()).isEqualTo(1.0);
    assertThat(last.inFlight()).isZero();
    assertThat(last.itemsPerSecond()).isPositive();
    assertThat(heard.size()).as("a few a second over ~300 ms, and the end").isBetween(1, 10);
    assertThat(heard).allMatch(p -> p.done() <= 20 && p.total() == 20);
    assertThat(result.progress().done()).isEqualTo(20);
  }

  @Test
  void output_comesBackInItemOrder_thoughItemsFinishOutOfOrder() throws Exception {
    pool.register("talk", (ctx, args) -> {
      Thread.sleep((5 - ctx.index()) * 20); // the task's work: later items finish first
      ctx.log("item " + ctx.index() + " line 1");
      ctx.log("item " + ctx.index() + " line 2");
      return ctx.index();
    });
    List<OutputLine> heard = Collections.synchronizedList(new ArrayList<>());
    MapResult<Object> result = pool.mapAsync("talk", List.of(0, 1, 2, 3, 4),
        new JobOptions().setChunkSize(1)).onOutput(heard::add);
    result.get(30, TimeUnit.SECONDS);
    List<OutputLine> expected = IntStream.range(0, 5).boxed().flatMap(i -> List.of(
        new OutputLine(i, "item " + i + " line 1"), new OutputLine(i, "item " + i + " line 2"))
        .stream()).toList();
    assertThat(result.output()).isEqualTo(expected);
    await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == expected.size());
    assertThat(heard).isEqualTo(expected);
    List<OutputLine> late = Collections.synchronizedList(new ArrayList<>());
    result.onOutput(late::add); // registered after the end: the lines so far, replayed
    await().atMost(Duration.ofSeconds(10)).until(() -> late.size() == expected.size());
    assertThat(late).isEqualTo(expected);
  }

  @Test
  void typedResults_areTheAskedType_andAResultThatIsNotOneFailsNamingItsItem()
      throws Exception {
    Long n = pool.apply(Long.class, "double", 5);
    assertThat(n).isEqualTo(10L);
    assertThat(pool.map(Long.class, "double", List.of(1, 2))).containsExactly(2L, 4L);
    assertThat(pool.map(Double.class, "double", List.of(1))).containsExactly(2.0);
    assertThatThrownBy(() -> pool.map(Long.class, "echo", List.of(1, "two")))
        .isInstanceOf(TaskPoolException.class).hasMessageContaining("item 1")
        .hasMessageContaining("java.lang.Long");
    assertThatThrownBy(() -> pool.apply(Integer.class, "echo", 2.5))
        .isInstanceOf(TaskPoolException.class).hasMessageContaining("2.5");
  }

  @Test
  void jobOptions_setATimeLimitForOneCall_withoutANewPool() {
    assertThatThrownBy(() -> pool.mapAsync("sleep", List.of(2_000),
        new JobOptions().setTaskTimeoutMs(50)).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
  }

  @Test
  void starmap_overAnIterator_blocks() throws Exception {
    assertThat(pool.<Integer>starmap("mul", List.of(List.of(2, 3), List.of(4, 5)).iterator()))
        .containsExactly(6, 20);
  }

  @Test
  void close_letsRunningJobsFinish_andJoinCompletesAfterThem() throws Exception {
    LocalTaskPool own = TaskPool.local(VERTX, new PoolOptions(), 2);
    CountDownLatch gate = new CountDownLatch(1);
    own.register("gated", Integer.class, i -> {
      gate.await(30, TimeUnit.SECONDS); // held until the test has closed the pool
      return i;
    });
    MapResult<Integer> running = own.mapAsync("gated", List.of(1, 2, 3));
    own.close();
    assertThatThrownBy(() -> own.mapAsync("double", List.of(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(own.join().isComplete()).isFalse();
    gate.countDown();
    own.join().await(30, TimeUnit.SECONDS);
    assertThat(running.get()).containsExactly(1, 2, 3);
  }

  @Test
  void terminate_failsRunningJobs_andJoinBeforeCloseFails() throws Exception {
    LocalTaskPool own = TaskPool.local(VERTX, new PoolOptions(), 2);
    assertThat(own.join().failed()).isTrue();
    MapResult<Object> running = own.mapAsync("sleep", Collections.nCopies(20, 100));
    own.terminate().await(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(TaskPoolException.class).hasMessageContaining("terminated");
  }
}
