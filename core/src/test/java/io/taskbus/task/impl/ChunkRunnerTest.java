package io.taskbus.task.impl;

import io.taskbus.protocol.LogLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.JsonValues;
import io.taskbus.protocol.ProtocolException;
import io.taskbus.shared.SharedState;
import io.taskbus.task.builtin.BuiltinTasks;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunkRunnerTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final ChunkRunner.Watchdog watchdog = (ms, onExpire, onStuck) -> {
    var scheduled = timers.schedule(onExpire, ms, TimeUnit.MILLISECONDS);
    return () -> scheduled.cancel(false);
  };
  private final TaskTable tasks = new TaskTable();
  private final ChunkRunner runner = new ChunkRunner(tasks, "w1", watchdog, JsonValues::toWire,
      64 * 1024, SharedState.create(VERTX));

  ChunkRunnerTest() {
    new BuiltinTasks().register(tasks);
  }

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  @AfterAll
  static void closeVertx() {
    VERTX.close();
  }

  private ChunkRunner.Outcome run(String task, List<List<Object>> items, long timeoutMs) {
    return runner.run("job", task, 100, items, timeoutMs, () -> false);
  }

  private static ErrorInfo failureOf(Runnable action) {
    try {
      action.run();
    } catch (ProtocolException e) {
      return e.info();
    }
    throw new AssertionError("no failure");
  }

  @Test
  void run_typedTasks_convertArgumentsAndKeepOrder() {
    assertThat(run("double", List.of(List.of(1), List.of(2L), List.of(2.5)), 0).results())
        .containsExactly(2, 4, 5.0);
    assertThat(run("mul", List.of(List.of(3, 4)), 0).results()).containsExactly(12);
  }

  @Test
  void run_taskThatThrows_namesTheItemTaskTypeAndStack() {
    ErrorInfo info = failureOf(() -> run("fail", List.of(List.of("ok?"), List.of("boom")), 0));
    assertThat(info.code()).isEqualTo(ErrorCode.TASK_FAILED);
    assertThat(info.index()).isEqualTo(100);
    assertThat(info.task()).isEqualTo("fail");
    assertThat(info.type()).isEqualTo(IllegalStateException.class.getName());
    assertThat(info.message()).isEqualTo("ok?");
    assertThat(info.stack()).contains("BuiltinTasks");
    assertThat(info.worker()).isEqualTo("w1");
  }

  @Test
  void run_wrongArgumentCountOrType_isABadArgumentOfThatItem() {
    ErrorInfo arity = failureOf(() -> run("mul", List.of(List.of(1, 2), List.of(1)), 0));
    assertThat(arity.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
    assertThat(arity.index()).isEqualTo(101);
    assertThat(arity.message()).contains("takes 2 arguments, got 1");
    ErrorInfo type = failureOf(() -> run("double", List.of(List.of("x")), 0));
    assertThat(type.message()).contains("expected Number, got String");
  }

  @Test
  void run_unknownTask_failsAsUnknown() {
    assertThat(failureOf(() -> run("nope", List.of(List.of()), 0)).code())
        .isEqualTo(ErrorCode.UNKNOWN_TASK);
  }

  @Test
  void run_itemOverItsTimeLimit_isInterruptedAndFailsAsTimeout() {
    long start = System.nanoTime();
    ErrorInfo info = failureOf(() -> run("sleep", List.of(List.of(10_000)), 100));
    assertThat(info.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(info.index()).isEqualTo(100);
    assertThat(info.message()).contains("exceeded its time limit of 100 ms");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void run_resultThatIsNotJson_failsTheItem() {
    tasks.register("object", Integer.class, x -> new Object());
    ErrorInfo info = failureOf(() -> run("object", List.of(List.of(1)), 0));
    assertThat(info.code()).isEqualTo(ErrorCode.TASK_FAILED);
    assertThat(info.message()).contains("not JSON-encodable");
  }

  @Test
  void run_cancelledJob_runsNoFurtherItem() {
    AtomicInteger runs = new AtomicInteger();
    tasks.register("count", Integer.class, x -> runs.incrementAndGet());
    assertThatThrownBy(() -> runner.run("job", "count", 0, List.of(List.of(1), List.of(2)), 0,
        () -> runs.get() >= 1))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.info().code()).isEqualTo(ErrorCode.CANCELLED));
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void run_logLines_comeBackWithTheirItem() {
    tasks.register("talk", (ctx, args) -> {
      ctx.log("item " + ctx.index());
      return null;
    });
    ChunkRunner.Outcome outcome = run("talk", List.of(List.of(), List.of()), 0);
    assertThat(outcome.logs()).containsExactly(new LogLine(100, "item 100"),
        new LogLine(101, "item 101"));
  }

  @Test
  void logLinesPastTheBudget_areDropped_andOneLastLineSaysHowMany() {
    tasks.register("chatty", (ctx, args) -> {
      for (int i = 0; i < 10_000; i++) {
        ctx.log("x".repeat(100));
      }
      ctx.log("y".repeat(TaskLog.MAX_LINE_CHARS * 2));
      return null;
    });
    ChunkRunner.Outcome outcome = run("chatty", List.of(List.of(), List.of()), 0);
    long bytes = outcome.logs().stream().mapToLong(l -> l.line().length() + 8).sum();
    assertThat(bytes).isLessThanOrEqualTo(64 * 1024 + 200);
    assertThat(outcome.logs().get(outcome.logs().size() - 1).line())
        .matches("\\[taskbus: \\d+ more log line\\(s\\) dropped from item 100 on.*");
    assertThat(outcome.logs().get(0).line()).hasSize(100);
  }

  @Test
  void longLine_isCut() {
    TaskLog log = new TaskLog(1 << 20);
    log.add(3, "z".repeat(TaskLog.MAX_LINE_CHARS + 10));
    assertThat(log.lines().get(0).line()).startsWith("z".repeat(TaskLog.MAX_LINE_CHARS))
        .endsWith("[cut at " + TaskLog.MAX_LINE_CHARS + " characters]");
  }

  @Test
  void run_itemsThatAskForSharedState_shareIt_andTheOutcomeSaysSo() {
    tasks.register("tally", (ctx, args) -> ctx.counter("chunk-runner-test").blocking()
        .incrementAndGet());
    ChunkRunner.Outcome outcome = run("tally", List.of(List.of(), List.of(), List.of()), 0);
    assertThat(outcome.results()).containsExactly(1L, 2L, 3L);
    assertThat(outcome.usedSharedState()).isTrue();
    assertThat(run("double", List.of(List.of(1)), 0).usedSharedState()).isFalse();
  }

  @Test
  void pi_sameSeed_sameCount() {
    List<Object> a = run("pi", List.of(List.of(100_000, 7)), 0).results();
    List<Object> b = run("pi", List.of(List.of(100_000, 7)), 0).results();
    assertThat(a).isEqualTo(b);
    double estimate = 4.0 * ((Number) a.get(0)).longValue() / 100_000;
    assertThat(estimate).isBetween(3.0, 3.3);
  }
}
