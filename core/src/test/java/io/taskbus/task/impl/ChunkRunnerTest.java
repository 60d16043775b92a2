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
  void run_aFailedItem_sendsItsOwnLastOutputLinesWithItsFailure() {
    tasks.register("noisy", (ctx, args) -> {
      ctx.log("item " + ctx.index() + " starts");
      if (ctx.index() == 101) {
        for (int i = 0; i < 30; i++) {
          ctx.log("line " + i);
        }
        ctx.out().print("half a line");
        throw new IllegalStateException("boom");
      }
      return null;
    });
    ErrorInfo info = failureOf(() -> run("noisy", List.of(List.of(), List.of()), 0));
    assertThat(info.index()).isEqualTo(101);
    assertThat(info.output()).hasSize(ErrorInfo.MAX_OUTPUT_LINES)
        .doesNotContain("item 100 starts").endsWith("line 29", "half a line");
    assertThat(ErrorInfo.parse(info.code().toInt(), info.toJson().encode()).output())
        .isEqualTo(info.output());
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
  void logLinesPastTheChunkBudget_areDropped_andOneLastLineSaysHowMany() {
    tasks.register("chatty", (ctx, args) -> {
      for (int i = 0; i < 500; i++) { // within an item's share, over the chunk's in 2 items
        ctx.out().println("x".repeat(100));
      }
      return null;
    });
    ChunkRunner.Outcome outcome = run("chatty", List.of(List.of(), List.of(), List.of()), 0);
    long bytes = outcome.logs().stream().mapToLong(l -> l.line().length() + 8).sum();
    assertThat(bytes).isLessThanOrEqualTo(64 * 1024 + 200);
    assertThat(outcome.logs().get(outcome.logs().size() - 1).line())
        .matches("\\[taskbus: \\d+ more log line\\(s\\) dropped from item 101 on.*");
    assertThat(outcome.logs().get(0).line()).hasSize(100);
  }

  @Test
  void out_linesAreRecordedAsLogRecordsThem_inUtf8_partialLastLineAtTheEnd() {
    tasks.register("print", (ctx, args) -> {
      ctx.out().println("a");
      ctx.out().print("b\r\nc");
      ctx.log("d");
      ctx.out().print("h\u00e9llo \u2713 \ud83d\ude00");
      return null;
    });
    assertThat(run("print", List.of(List.of()), 0).logs()).containsExactly(
        new LogLine(100, "a"), new LogLine(100, "b"), new LogLine(100, "d"),
        new LogLine(100, "ch\u00e9llo \u2713 \ud83d\ude00"));
  }

  @Test
  void chattyItem_keepsAThousandLines_andTheNextItemStillGetsItsOwn() {
    tasks.register("flood", (ctx, args) -> {
      for (int i = 0; i < args.getInteger(0); i++) {
        ctx.out().println("line " + i);
      }
      return null;
    });
    List<LogLine> logs = run("flood", List.of(List.of(5_000), List.of(1)), 0).logs();
    assertThat(logs).hasSize(ItemLog.MAX_LINES + 2);
    assertThat(logs.get(ItemLog.MAX_LINES)).isEqualTo(new LogLine(100, "[taskbus: 4000 more"
        + " line(s) of item 100 dropped: an item's output is limited to 1000 lines or 65536"
        + " bytes]"));
    assertThat(logs.get(ItemLog.MAX_LINES + 1)).isEqualTo(new LogLine(101, "line 0"));
  }

  @Test
  void itemOutputPast64KiB_isDropped_andOneLineSaysHowMany() {
    tasks.register("wide", (ctx, args) -> {
      for (int i = 0; i < 100; i++) {
        ctx.log("w".repeat(1_000));
      }
      return null;
    });
    ChunkRunner roomy = new ChunkRunner(tasks, "w1", watchdog, JsonValues::toWire, 1 << 20,
        SharedState.create(VERTX));
    List<LogLine> logs = roomy.run("job", "wide", 100, List.of(List.of()), 0, () -> false).logs();
    long kept = logs.size() - 1;
    assertThat(kept * 1_000).isLessThanOrEqualTo(ItemLog.MAX_BYTES);
    assertThat(logs.get(logs.size() - 1).line())
        .startsWith("[taskbus: " + (100 - kept) + " more line(s) of item 100 dropped");
  }

  @Test
  void out_endlessLine_isHeldBoundedThenCut() {
    tasks.register("endless", (ctx, args) -> {
      for (int i = 0; i < 100; i++) { // twice what a line may hold
        ctx.out().print("z".repeat(1_000));
      }
      return null;
    });
    List<LogLine> logs = run("endless", List.of(List.of()), 0).logs();
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).line()).startsWith("z".repeat(TaskLog.MAX_LINE_CHARS))
        .endsWith("[cut at " + TaskLog.MAX_LINE_CHARS + " characters]");
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
