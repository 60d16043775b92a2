package io.taskbus.client.impl;

import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Scheduler} on a virtual clock, for tests (RxJava's {@code TestScheduler} is the
 * model): tasks run when the test says, timers fire only as the test moves the clock.
 */
final class VirtualScheduler implements Scheduler {

  private record Timer(long id, long dueNanos, Runnable task) {
  }

  private final Deque<Runnable> queue = new ArrayDeque<>();
  private final Map<Long, Timer> timers = new TreeMap<>();
  private long nanos;
  private long wallMillis = 1_800_000_000_000L;
  private long nextId;

  @Override
  public void execute(Runnable task) {
    queue.add(task);
  }

  @Override
  public long setTimer(long delayMs, Runnable task) {
    long id = nextId++;
    timers.put(id, new Timer(id, nanos + Math.max(1, delayMs) * 1_000_000, task));
    return id;
  }

  @Override
  public boolean cancelTimer(long id) {
    return timers.remove(id) != null;
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long currentTimeMillis() {
    return wallMillis + nanos / 1_000_000;
  }

  @Override
  public <T> Promise<T> promise() {
    return Promise.promise();
  }

  /** Runs every queued task, and those they queue. */
  void runQueued() {
    while (!queue.isEmpty()) {
      queue.poll().run();
    }
  }

  /** Moves the clock by {@code ms}, firing the timers due on the way, in order. */
  void advance(long ms) {
    long target = nanos + ms * 1_000_000;
    runQueued();
    while (true) {
      Timer next = timers.values().stream().filter(t -> t.dueNanos <= target)
          .min((a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos)
              : Long.compare(a.id, b.id)).orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next.id);
      nanos = next.dueNanos;
      next.task.run();
      runQueued();
    }
    nanos = target;
  }

  /** Timers set and neither fired nor cancelled. */
  int pendingTimers() {
    return timers.size();
  }
}
