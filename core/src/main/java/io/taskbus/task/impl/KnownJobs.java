package io.taskbus.task.impl;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jobs a worker has seen, and which were cancelled. Jobs are kept per user: a job id names
 * a job only within its user's own jobs, so no other user can send into it, cancel it, or take
 * its id first (a job id caught from a chunk in flight is worth nothing to anyone else). A
 * cancel of a job not seen yet is kept, so that its chunks still on their way are dropped.
 * Bounded, and fairly so: past its capacity the least recently used entry of the user with the
 * most entries is forgotten, never one of a job with chunks running here, so a user flooding it
 * with job ids forgets its own entries, not another's. Thread-safe.
 */
public final class KnownJobs {

  public static final int DEFAULT_CAPACITY = 100_000;

  /** One job of one user's: a cancel flag its running chunks poll before each item. */
  public static final class Entry {
    private volatile boolean cancelled;
    /** Chunks of the job running now; guarded by the table's lock. */
    private int running;

    public boolean cancelled() {
      return cancelled;
    }
  }

  private final int capacity;
  /** Each user's jobs, least recently used first. */
  private final Map<String, LinkedHashMap<String, Entry>> byUser = new HashMap<>();
  private int size;

  public KnownJobs(int capacity) {
    this.capacity = capacity;
  }

  /** {@code user}'s job, with a chunk of it running until {@link #done}. */
  public synchronized Entry claim(String job, String user) {
    Entry entry = entryOf(user, job);
    entry.running++;
    evictWhileFull();
    return entry;
  }

  /** A chunk of the job that {@link #claim} gave has run. */
  public synchronized void done(Entry entry) {
    entry.running = Math.max(0, entry.running - 1);
  }

  /** Cancels {@code user}'s job; one not seen yet is remembered as cancelled. */
  public synchronized void cancel(String job, String user) {
    entryOf(user, job).cancelled = true;
    evictWhileFull();
  }

  /** True when {@code user}'s job is known and cancelled. */
  public synchronized boolean cancelled(String job, String user) {
    LinkedHashMap<String, Entry> table = byUser.get(user);
    Entry entry = table == null ? null : table.get(job);
    return entry != null && entry.cancelled;
  }

  /** Entries kept. */
  public synchronized int size() {
    return size;
  }

  /** {@code user}'s entry for the job, made if there is none; now its most recently used. */
  private Entry entryOf(String user, String job) {
    LinkedHashMap<String, Entry> table = byUser.computeIfAbsent(user,
        u -> new LinkedHashMap<>(16, 0.75f, true));
    Entry entry = table.get(job);
    if (entry == null) {
      entry = new Entry();
      table.put(job, entry);
      size++;
    }
    return entry;
  }

  private void evictWhileFull() {
    while (size > capacity && evictFromTheLargest()) {
      // one entry at a time, from whoever holds the most
    }
  }

  /** Forgets the least recently used idle entry of the user with the most; false if none. */
  private boolean evictFromTheLargest() {
    String largest = null;
    int most = 0;
    for (Map.Entry<String, LinkedHashMap<String, Entry>> e : byUser.entrySet()) {
      if (e.getValue().size() > most && hasIdle(e.getValue())) {
        largest = e.getKey();
        most = e.getValue().size();
      }
    }
    if (largest == null) {
      return false; // every entry has chunks running: bounded by the worker's capacity
    }
    LinkedHashMap<String, Entry> table = byUser.get(largest);
    for (Iterator<Entry> it = table.values().iterator(); it.hasNext(); ) {
      if (it.next().running == 0) {
        it.remove();
        size--;
        break;
      }
    }
    if (table.isEmpty()) {
      byUser.remove(largest);
    }
    return true;
  }

  private static boolean hasIdle(LinkedHashMap<String, Entry> table) {
    for (Entry entry : table.values()) {
      if (entry.running == 0) {
        return true;
      }
    }
    return false;
  }
}
