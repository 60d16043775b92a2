package io.taskbus.task.impl;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The time limits of every item running on a worker's threads, checked by one sweeper instead
 * of a timer per item. An item past its limit is told to stop ({@code onExpire}: the item's
 * thread is interrupted); one that still runs after a grace period is given up on
 * ({@code onStuck}), so that its chunk is answered while the thread is left to finish alone.
 * The sweeper runs only while some item has a limit. Time is injected, for tests.
 */
public final class DeadlineSweeper implements ChunkRunner.Watchdog {

  /** How often the sweeper looks: the precision of time limits. */
  static final long SWEEP_MS = 10;
  /** At least this long after its limit, an item that still runs is given up on. */
  static final long MIN_GRACE_MS = 1_000;

  private final Vertx vertx;
  private final LongSupplier nanoTime;
  private final Set<Deadline> deadlines = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private volatile long timer = -1;

  private static final class Deadline {
    final long expireAt;
    final long stuckAt;
    final Runnable onExpire;
    final Runnable onStuck;
    boolean expired;

    Deadline(long expireAt, long stuckAt, Runnable onExpire, Runnable onStuck) {
      this.expireAt = expireAt;
      this.stuckAt = stuckAt;
      this.onExpire = onExpire;
      this.onStuck = onStuck;
    }
  }

  /** @param vertx runs the sweeper's timer; null when a test calls {@link #sweep()} itself */
  public DeadlineSweeper(Vertx vertx, LongSupplier nanoTime) {
    this.vertx = vertx;
    this.nanoTime = nanoTime;
  }

  public DeadlineSweeper(Vertx vertx) {
    this(vertx, System::nanoTime);
  }

  @Override
  public Runnable arm(long ms, Runnable onExpire, Runnable onStuck) {
    long now = nanoTime.getAsLong();
    long grace = Math.max(MIN_GRACE_MS, ms);
    Deadline deadline = new Deadline(now + ms * 1_000_000, now + (ms + grace) * 1_000_000,
        onExpire, onStuck);
    deadlines.add(deadline);
    startSweeping();
    return () -> deadlines.remove(deadline);
  }

  /** Items armed and not yet disarmed or given up on. */
  public int armed() {
    return deadlines.size();
  }

  /** Expires what is due, gives up on what is stuck; called by the sweeper's timer. */
  public void sweep() {
    long now = nanoTime.getAsLong();
    for (Deadline d : deadlines) {
      if (!d.expired && now - d.expireAt >= 0) {
        d.expired = true;
        d.onExpire.run();
      }
      if (now - d.stuckAt >= 0 && deadlines.remove(d)) {
        d.onStuck.run();
      }
    }
  }

  private void startSweeping() {
    if (vertx != null && sweeping.compareAndSet(false, true)) {
      timer = vertx.setPeriodic(SWEEP_MS, id -> {
        sweep();
        if (deadlines.isEmpty()) {
          stopSweeping(id);
        }
      });
    }
  }

  private void stopSweeping(long id) {
    vertx.cancelTimer(id);
    sweeping.set(false);
    if (!deadlines.isEmpty()) { // armed between the check and the stop
      startSweeping();
    }
  }

  /** Stops the sweeper; armed deadlines no longer fire. */
  public void close() {
    deadlines.clear();
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
