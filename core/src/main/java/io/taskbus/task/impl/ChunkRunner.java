package io.taskbus.task.impl;

import io.taskbus.protocol.LogLine;

import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.ProtocolException;
import io.taskbus.shared.SharedState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * Runs the items of one chunk, in order, on the calling (worker) thread. Every failure leaves as
 * a {@link ProtocolException} that names the item; nothing a task does escapes otherwise.
 */
public final class ChunkRunner {

  /**
   * Arms a deadline: {@code onExpire} after {@code ms}, then {@code onStuck} if the item is still
   * armed a grace period later. The returned action disarms it.
   */
  @FunctionalInterface
  public interface Watchdog {
    Runnable arm(long ms, Runnable onExpire, Runnable onStuck);

    /**
     * A deadline of {@code ms} for each item of one chunk in turn, the items run one after
     * another: a watchdog may do this for less than arming each item (this default arms each).
     */
    default ItemWatch watch(long ms, LongConsumer onStuck) {
      return new ItemWatch() {
        private Runnable disarm;

        @Override
        public void start(WatchedItem item) {
          disarm = arm(ms, item::expire, () -> onStuck.accept(item.index()));
        }

        @Override
        public void stop() {
          if (disarm != null) {
            disarm.run();
            disarm = null;
          }
        }
      };
    }
  }

  /** What a watch needs of the item that runs. */
  public interface WatchedItem {
    /** Its time is up: it is told to stop (its thread interrupted). */
    void expire();

    long index();
  }

  /** The deadline of a chunk's item that runs now; closed when the chunk is done. */
  public interface ItemWatch extends AutoCloseable {
    /** An item starts: its deadline is armed as {@link Watchdog#arm} does. */
    void start(WatchedItem item);

    /** The item has ended: its deadline is disarmed. */
    void stop();

    @Override
    default void close() {
      stop();
    }
  }

  /**
   * What one chunk produced: a result per item, the lines its tasks logged, its run time, and
   * whether an item asked for shared state (such a task is no candidate for the event loop).
   */
  public record Outcome(List<Object> results, List<LogLine> logs, long micros,
                        boolean usedSharedState) {
  }

  private final TaskTable tasks;
  private final String worker;
  private final Watchdog watchdog;
  private final UnaryOperator<Object> resultCodec;
  private final long maxLogBytes;
  private final SharedState shared;

  /**
   * @param resultCodec applied to each result (the wire encoder for remote callers); a failure
   *     there fails the item
   * @param maxLogBytes the most log text (as JSON) a chunk keeps; later lines are dropped
   * @param shared what items reach through {@code TaskContext.counter/sharedMap/lock}
   */
  public ChunkRunner(TaskTable tasks, String worker, Watchdog watchdog,
      UnaryOperator<Object> resultCodec, long maxLogBytes, SharedState shared) {
    this.tasks = tasks;
    this.worker = worker;
    this.watchdog = watchdog;
    this.resultCodec = resultCodec;
    this.maxLogBytes = maxLogBytes;
    this.shared = shared;
  }

  public boolean serves(String task) {
    return tasks.contains(task);
  }

  /**
   * @param first the job index of the chunk's first item
   * @param timeoutMs each item's time limit, 0 for none
   * @param cancelled true once the job is cancelled; checked before each item
   */
  public Outcome run(String job, String task, long first, List<List<Object>> items,
      long timeoutMs, BooleanSupplier cancelled) {
    return run(job, task, first, items, timeoutMs, cancelled, index -> { });
  }

  /**
   * As {@link #run(String, String, long, List, long, BooleanSupplier)}; {@code onStuck} is told
   * the index of an item that ignores its expiry (and its interrupt) for a grace period, from
   * the watchdog's thread: its caller may answer for the chunk while this thread is still held.
   */
  public Outcome run(String job, String task, long first, List<List<Object>> items,
      long timeoutMs, BooleanSupplier cancelled, LongConsumer onStuck) {
    Invocable invocable = tasks.lookup(task);
    if (invocable == null) {
      throw new ProtocolException(ErrorInfo.of(ErrorCode.UNKNOWN_TASK,
          "unknown task '" + task + "'").withWorker(worker));
    }
    long start = System.nanoTime();
    List<Object> results = new ArrayList<>(items.size());
    TaskLog logs = new TaskLog(maxLogBytes);
    boolean usedSharedState = false;
    try (ItemWatch watch = timeoutMs > 0 ? watchdog.watch(timeoutMs, onStuck) : null) {
      for (int i = 0; i < items.size(); i++) {
        if (cancelled.getAsBoolean()) {
          throw new ProtocolException(ErrorInfo.of(ErrorCode.CANCELLED, "job " + job
              + " was cancelled").withWorker(worker));
        }
        ItemContext ctx = new ItemContext(task, job, first + i, worker, logs, cancelled, shared);
        try {
          results.add(runItem(invocable, ctx, items.get(i), timeoutMs, watch));
        } finally {
          ctx.endOutput();
        }
        usedSharedState |= ctx.usedSharedState();
      }
    }
    return new Outcome(results, logs.lines(), (System.nanoTime() - start) / 1000,
        usedSharedState);
  }

  private Object runItem(Invocable invocable, ItemContext ctx, List<Object> args, long timeoutMs,
      ItemWatch watch) {
    if (watch == null) { // no deadline to arm, nothing to interrupt
      Object result;
      try {
        result = invocable.invoke(ctx, args);
      } catch (Throwable error) {
        throw failure(ctx, timeoutMs, error);
      }
      return resultOf(ctx, result);
    }
    watch.start(ctx);
    Object result;
    try {
      result = invocable.invoke(ctx, args);
    } catch (Throwable error) {
      throw failure(ctx, timeoutMs, error);
    } finally {
      watch.stop();
      ctx.finish();
      Thread.interrupted(); // an expiry that raced with the end of the item must not leak on
    }
    if (ctx.expired()) {
      throw failure(ctx, timeoutMs, null);
    }
    return resultOf(ctx, result);
  }

  private Object resultOf(ItemContext ctx, Object result) {
    try {
      return resultCodec.apply(result);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorInfo.of(ErrorCode.TASK_FAILED, ctx.index(), ctx.task(),
          new IllegalArgumentException("the result " + e.getMessage())).withWorker(worker));
    }
  }

  private ProtocolException failure(ItemContext ctx, long timeoutMs, Throwable error) {
    ErrorInfo info;
    if (ctx.expired()) {
      info = new ErrorInfo(ErrorCode.TIMEOUT, ctx.index(), ctx.task(),
          "java.util.concurrent.TimeoutException", "item " + ctx.index() + " of task '"
          + ctx.task() + "' exceeded its time limit of " + timeoutMs + " ms", null, null, null);
    } else if (error instanceof ArgumentException) {
      info = new ErrorInfo(ErrorCode.BAD_ARGUMENT, ctx.index(), ctx.task(),
          IllegalArgumentException.class.getName(), "item " + ctx.index() + " of task '"
          + ctx.task() + "': " + error.getMessage(), null, null, null);
    } else {
      info = ErrorInfo.of(ErrorCode.TASK_FAILED, ctx.index(), ctx.task(), error);
    }
    ctx.endOutput(); // a line printed without its end is output too
    return new ProtocolException(info.withWorker(worker).withOutput(ctx.outputLines()));
  }
}
