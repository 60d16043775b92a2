package io.taskbus.node;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which pool may hand a worker one more chunk. The worker holds at most {@code capacity} chunks
 * (running and queued) whoever sends them, and shares them fairly: each pool that wants room
 * is told its share ({@link #limit}), and while another pool waits, one at or over its share is
 * refused. A pool alone gets all of it. Runs on the worker's context; time is injected.
 */
final class Admission {

  /** A pool refused this recently still counts as wanting room. */
  static final long WANTING_MS = 2_000;

  private final int capacity;
  private final LongSupplier nanoTime;
  private final Map<String, Pool> pools = new HashMap<>();
  private int held;
  private int peak;

  private static final class Pool {
    int held;
    long refusedAt;
    boolean refused;
  }

  Admission(int capacity, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.nanoTime = nanoTime;
  }

  /** Takes a chunk of {@code pool}'s if there is room for it; false when there is not. */
  boolean tryAdmit(String pool) {
    long now = nanoTime.getAsLong();
    Pool p = pools.computeIfAbsent(pool, k -> new Pool());
    if (held >= capacity || p.held >= share(now) && othersWant(pool, now)) {
      p.refused = true;
      p.refusedAt = now;
      prune(now);
      return false;
    }
    p.held++;
    p.refused = false;
    held++;
    peak = Math.max(peak, held);
    return true;
  }

  /** A chunk of {@code pool}'s has run: its room is free. */
  void release(String pool) {
    Pool p = pools.get(pool);
    if (p != null && p.held > 0) {
      p.held--;
      held--;
      if (p.held == 0 && !p.refused) {
        pools.remove(pool);
      }
    }
  }

  /** How many chunks {@code pool} may hold here now. */
  int limit(String pool) {
    long now = nanoTime.getAsLong();
    return othersWant(pool, now) ? share(now) : capacity;
  }

  /** Chunks held now, and the most ever held at once. */
  int held() {
    return held;
  }

  int peak() {
    return peak;
  }

  /** The room of each pool that holds chunks or wants some. */
  private int share(long now) {
    int wanting = 0;
    for (Pool p : pools.values()) {
      if (wants(p, now)) {
        wanting++;
      }
    }
    return Math.max(1, capacity / Math.max(1, wanting));
  }

  private boolean othersWant(String pool, long now) {
    for (Map.Entry<String, Pool> e : pools.entrySet()) {
      if (!e.getKey().equals(pool) && wants(e.getValue(), now)) {
        return true;
      }
    }
    return false;
  }

  private static boolean wants(Pool p, long now) {
    return p.held > 0 || p.refused && now - p.refusedAt < WANTING_MS * 1_000_000;
  }

  /** Forgets pools that hold nothing and stopped asking, so that pool ids cannot pile up. */
  private void prune(long now) {
    for (Iterator<Pool> it = pools.values().iterator(); it.hasNext(); ) {
      if (!wants(it.next(), now)) {
        it.remove();
      }
    }
  }
}
