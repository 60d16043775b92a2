package io.taskbus.node;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which pool may hand a worker one more chunk. The worker holds at most {@code capacity} chunks
 * (running and queued) whoever sends them, and shares them fairly in two steps: first among the
 * users that want room, then among each user's pools. So a user cannot take more than its share
 * by opening many pools: while another user wants room, one at or over its share is refused, and
 * so is a pool at or over its share of its user's. A user alone gets all of it. A pool wants room
 * while it holds chunks, a little after (its next chunk is on its way), and a while after it was
 * refused. Pool ids are the sender's choice, so idle ones are remembered for a bounded number.
 * Runs on the worker's context; time is injected.
 */
final class Admission {

  /** A pool refused this recently still counts as wanting room. */
  static final long WANTING_MS = 2_000;
  /**
   * A pool whose last chunk ran this recently still counts as wanting room: its next chunk may
   * be on its way, and another user's flood must not take its share in between.
   */
  static final long BETWEEN_CHUNKS_MS = 250;
  /**
   * Idle pools (holding nothing) of one user remembered: past it, a pool's refusal or last chunk
   * is not remembered (it still may be admitted when there is room), so that pool ids, the
   * sender's choice, cannot pile up. Users are bounded already: only those with a valid token
   * get here.
   */
  static final int MAX_IDLE_POOLS = 64;

  private final int capacity;
  private final LongSupplier nanoTime;
  private final Map<String, User> users = new HashMap<>();
  private int held;
  private int peak;

  private static final class Pool {
    int held;
    boolean refused;
    long refusedAt;
    boolean ran;
    long lastRanAt;
  }

  private static final class User {
    final Map<String, Pool> pools = new HashMap<>();
    int held;
    /** Pools of this user that hold nothing. */
    int idle;
  }

  Admission(int capacity, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.nanoTime = nanoTime;
  }

  /** Takes a chunk of {@code user}'s {@code pool} if there is room for it; false if not. */
  boolean tryAdmit(String user, String pool) {
    long now = nanoTime.getAsLong();
    User u = users.computeIfAbsent(user, k -> new User());
    Pool p = u.pools.get(pool);
    if (held >= capacity || overShare(user, u, p, pool, now)) {
      refused(user, pool, now);
      return false;
    }
    if (p == null) {
      p = new Pool();
      u.pools.put(pool, p);
    } else if (p.held == 0) {
      u.idle--;
    }
    p.held++;
    p.refused = false;
    u.held++;
    held++;
    peak = Math.max(peak, held);
    return true;
  }

  /** A chunk of {@code user}'s {@code pool} has run: its room is free. */
  void release(String user, String pool) {
    User u = users.get(user);
    Pool p = u == null ? null : u.pools.get(pool);
    if (p == null || p.held == 0) {
      return;
    }
    p.held--;
    u.held--;
    held--;
    if (p.held > 0) {
      return;
    }
    if (u.idle < MAX_IDLE_POOLS) {
      u.idle++;
      p.ran = true;
      p.lastRanAt = nanoTime.getAsLong();
    } else {
      u.pools.remove(pool);
      if (u.pools.isEmpty()) {
        users.remove(user);
      }
    }
  }

  /** How many chunks {@code user}'s {@code pool} may hold here now. */
  int limit(String user, String pool) {
    long now = nanoTime.getAsLong();
    User u = users.get(user);
    if (u == null) {
      return othersWant(user, now) ? userShare(now) : capacity;
    }
    return poolShare(user, u, now);
  }

  /** Chunks held now, and the most ever held at once. */
  int held() {
    return held;
  }

  int peak() {
    return peak;
  }

  /** Pools remembered now (holding chunks or waiting for room): bounded. */
  int pools() {
    int n = 0;
    for (User u : users.values()) {
      n += u.pools.size();
    }
    return n;
  }

  private boolean overShare(String user, User u, Pool p, String pool, long now) {
    if (othersWant(user, now) && u.held >= userShare(now)) {
      return true;
    }
    int poolHeld = p == null ? 0 : p.held;
    return poolHeld >= poolShare(user, u, now) && otherPoolsWant(u, pool, now);
  }

  /** Remembers that {@code pool} wants room, within the bound, after forgetting stale pools. */
  private void refused(String user, String pool, long now) {
    prune(now);
    User u = users.computeIfAbsent(user, k -> new User());
    Pool p = u.pools.get(pool);
    if (p == null && u.idle < MAX_IDLE_POOLS) {
      p = new Pool();
      u.pools.put(pool, p);
      u.idle++;
    }
    if (p != null) {
      p.refused = true;
      p.refusedAt = now;
    }
    if (u.pools.isEmpty()) {
      users.remove(user);
    }
  }

  /** The room of each user that holds chunks or wants some. */
  private int userShare(long now) {
    int wanting = 0;
    for (User u : users.values()) {
      if (wants(u, now)) {
        wanting++;
      }
    }
    return Math.max(1, capacity / Math.max(1, wanting));
  }

  /** The room of each of {@code user}'s pools that holds chunks or wants some. */
  private int poolShare(String user, User u, long now) {
    int room = othersWant(user, now) ? userShare(now) : capacity;
    int wanting = 0;
    for (Pool p : u.pools.values()) {
      if (wants(p, now)) {
        wanting++;
      }
    }
    return Math.max(1, room / Math.max(1, wanting));
  }

  private boolean othersWant(String user, long now) {
    for (Map.Entry<String, User> e : users.entrySet()) {
      if (!e.getKey().equals(user) && wants(e.getValue(), now)) {
        return true;
      }
    }
    return false;
  }

  private boolean otherPoolsWant(User u, String pool, long now) {
    for (Map.Entry<String, Pool> e : u.pools.entrySet()) {
      if (!e.getKey().equals(pool) && wants(e.getValue(), now)) {
        return true;
      }
    }
    return false;
  }

  private static boolean wants(User u, long now) {
    for (Pool p : u.pools.values()) {
      if (wants(p, now)) {
        return true;
      }
    }
    return false;
  }

  private static boolean wants(Pool p, long now) {
    return p.held > 0 || p.refused && now - p.refusedAt < WANTING_MS * 1_000_000
        || p.ran && now - p.lastRanAt < BETWEEN_CHUNKS_MS * 1_000_000;
  }

  /** Forgets pools that hold nothing and stopped asking, so that pool ids cannot pile up. */
  private void prune(long now) {
    for (Iterator<User> users = this.users.values().iterator(); users.hasNext(); ) {
      User u = users.next();
      for (Iterator<Pool> it = u.pools.values().iterator(); it.hasNext(); ) {
        Pool p = it.next();
        if (!wants(p, now)) {
          u.idle--; // a pool that holds chunks wants room
          it.remove();
        }
      }
      if (u.pools.isEmpty()) {
        users.remove();
      }
    }
  }
}
