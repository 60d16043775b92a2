package io.taskbus.task.impl;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The time limits of every item running on a worker's threads, checked by one sweeper instead
 * of a timer per item. An item past its limit is told to stop ({@code onExpire}: the item's
 * thread is interrupted); one that still runs after a grace period is given up on
 * ({@code onStuck}), so that its chunk is answered while the thread is left to finish alone.
 * The sweeper runs only while some item has a limit. A chunk's items, run one after another,
 * share one {@link #watch}: an item then costs a volatile write, not an entry in a concurrent
 * set (an eighth of the run time of a tiny item). Time is injected, for tests.
 */
public final class DeadlineSweeper implements ChunkRunner.Watchdog {

  /** How often the sweeper looks: the precision of time limits. */
  static final long SWEEP_MS = 10;
  /** At least this long after its limit, an item that still runs is given up on. */
  static final long MIN_GRACE_MS = 1_000;

  private final Vertx vertx;
  private final LongSupplier nanoTime;
  private final Set<Deadline> deadlines = ConcurrentHashMap.newKeySet();
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
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
    Deadline deadline = deadline(ms, onExpire, onStuck);
    deadlines.add(deadline);
    startSweeping();
    return () -> deadlines.remove(deadline);
  }

  @Override
  public ChunkRunner.ItemWatch watch(long ms, LongConsumer onStuck) {
    Watch watch = new Watch(ms, onStuck);
    watches.add(watch);
    startSweeping();
    return watch;
  }

  /** Items armed and chunks watched, not yet disarmed, closed or given up on. */
  public int armed() {
    return deadlines.size() + watches.size();
  }

  /**
   * One chunk's items in turn. An item costs two ordered stores and no clock read: the sweeper
   * times it from the first sweep that sees it (so a limit holds to within one sweep, as an
   * armed deadline does), which makes a worker's cap on every item nearly free.
   */
  private final class Watch implements ChunkRunner.ItemWatch {
    private final long ms;
    private final LongConsumer onStuck;
    private final AtomicReference<ChunkRunner.WatchedItem> current = new AtomicReference<>();
    // the sweeper's own view, touched by one sweep at a time
    private ChunkRunner.WatchedItem seen;
    private long seenAt;
    private boolean expired;

    Watch(long ms, LongConsumer onStuck) {
      this.ms = ms;
      this.onStuck = onStuck;
    }

    @Override
    public void start(ChunkRunner.WatchedItem item) {
      current.lazySet(item);
    }

    @Override
    public void stop() {
      current.lazySet(null);
    }

    @Override
    public void close() {
      stop();
      watches.remove(this);
    }

    /** Expires the item that has run {@code ms} since first seen; gives up on a stuck one. */
    synchronized void sweep(long now) {
      ChunkRunner.WatchedItem item = current.get();
      if (item != seen) {
        seen = item;
        seenAt = now;
        expired = false;
        return;
      }
      if (item == null) {
        return;
      }
      long ranMs = (now - seenAt) / 1_000_000;
      if (!expired && ranMs >= ms) {
        expired = true;
        item.expire();
      }
      if (ranMs >= ms + Math.max(MIN_GRACE_MS, ms) && current.compareAndSet(item, null)) {
        watches.remove(this);
        onStuck.accept(item.index());
      }
    }
  }

  private Deadline deadline(long ms, Runnable onExpire, Runnable onStuck) {
    long now = nanoTime.getAsLong();
    long grace = Math.max(MIN_GRACE_MS, ms);
    return new Deadline(now + ms * 1_000_000, now + (ms + grace) * 1_000_000, onExpire,
        onStuck);
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
    for (Watch w : watches) {
      w.sweep(now);
    }
  }

  private void startSweeping() {
    if (vertx != null && sweeping.compareAndSet(false, true)) {
      timer = vertx.setPeriodic(SWEEP_MS, id -> {
        sweep();
        if (deadlines.isEmpty() && watches.isEmpty()) {
          stopSweeping(id);
        }
      });
    }
  }

  private void stopSweeping(long id) {
    vertx.cancelTimer(id);
    sweeping.set(false);
    if (!deadlines.isEmpty() || !watches.isEmpty()) { // armed between the check and the stop
      startSweeping();
    }
  }

  /** Stops the sweeper; armed deadlines no longer fire. */
  public void close() {
    deadlines.clear();
    watches.clear();
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
