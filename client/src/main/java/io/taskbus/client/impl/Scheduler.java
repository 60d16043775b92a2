package io.taskbus.client.impl;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

/**
 * The pool's context as its parts see it: tasks run one at a time, timers, and the time. Jobs,
 * the worker directory and the login take it injected, so that tests run them on a virtual
 * clock (as Caffeine's {@code Ticker} and RxJava's {@code TestScheduler} do).
 */
interface Scheduler {

  /** Runs {@code task} on the pool's context, after what is already queued there. */
  void execute(Runnable task);

  /** Runs {@code task} on the pool's context after {@code delayMs}; returns the timer's id. */
  long setTimer(long delayMs, Runnable task);

  /** Cancels a timer; true when it had not fired yet. */
  boolean cancelTimer(long id);

  /** Monotonic time, for durations. */
  long nanoTime();

  /** Wall-clock time in epoch milliseconds, for token expiries. */
  long currentTimeMillis();

  /**
   * A promise whose listeners run on the pool's context: one that throws is reported to the
   * context's exception handler, and the listeners after it still run.
   */
  <T> Promise<T> promise();

  /** The scheduler of a Vert.x context. */
  static Scheduler of(Context context) {
    return new Scheduler() {
      @Override
      public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
      }

      @Override
      public long setTimer(long delayMs, Runnable task) {
        // on this context whichever thread asks: a plain Vertx.setTimer binds to the caller's
        return ((ContextInternal) context).setTimer(Math.max(1, delayMs), id -> task.run());
      }

      @Override
      public boolean cancelTimer(long id) {
        return context.owner().cancelTimer(id);
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long currentTimeMillis() {
        return System.currentTimeMillis();
      }

      @Override
      public <T> Promise<T> promise() {
        return ((ContextInternal) context).promise();
      }
    };
  }
}
