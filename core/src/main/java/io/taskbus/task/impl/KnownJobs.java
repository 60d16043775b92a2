package io.taskbus.task.impl;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jobs a worker has seen: who owns each (only that user may send or cancel its chunks) and
 * whether it was cancelled. A cancel of a job not seen yet is kept as that user's alone: it
 * cancels the job only if that user's chunks claim it, and gives no one the job. Bounded, and
 * fairly so: past its capacity the least recently used entry of the user with the most entries
 * is forgotten, never one of a job with chunks running here, so a user flooding it with job ids
 * forgets its own entries, not another's. Thread-safe.
 */
public final class KnownJobs {

  public static final int DEFAULT_CAPACITY = 100_000;

  /** One job of one user's: a cancel flag its running chunks poll before each item. */
  public static final class Entry {
    private final String owner;
    private volatile boolean cancelled;
    /** Chunks of the job running now; guarded by the table's lock. */
    private int running;
    /** Only cancelled, before any chunk of its user came: the job is no one's yet. */
    private boolean pending;

    Entry(String owner) {
      this.owner = owner;
    }

    public String owner() {
      return owner;
    }

    public boolean cancelled() {
      return cancelled;
    }
  }

  private final int capacity;
  /** Each claimed job's entry. */
  private final Map<String, Entry> owned = new HashMap<>();
  /** Each user's entries, claimed and pending, least recently used first. */
  private final Map<String, LinkedHashMap<String, Entry>> byUser = new HashMap<>();
  private int size;

  public KnownJobs(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The job's entry, made {@code user}'s if it is new, with a chunk of it running until
   * {@link #done}; null when the job is another user's.
   */
  public synchronized Entry claim(String job, String user) {
    Entry entry = owned.get(job);
    if (entry == null) {
      entry = entryOf(user, job);
      entry.pending = false;
      owned.put(job, entry);
    } else if (!entry.owner.equals(user)) {
      return null;
    } else {
      byUser.get(user).get(job); // most recently used now
    }
    entry.running++;
    evictWhileFull();
    return entry;
  }

  /** A chunk of the job that {@link #claim} gave has run. */
  public synchronized void done(Entry entry) {
    entry.running = Math.max(0, entry.running - 1);
  }

  /**
   * Cancels the job for {@code user}; a job not seen yet is remembered as cancelled for that
   * user only, so that its chunks still on their way are dropped.
   *
   * @return false when the job is another user's
   */
  public synchronized boolean cancel(String job, String user) {
    Entry entry = owned.get(job);
    if (entry == null) {
      entry = entryOf(user, job);
      evictWhileFull();
    } else if (!entry.owner.equals(user)) {
      return false;
    }
    entry.cancelled = true;
    return true;
  }

  /** True when the job is claimed and cancelled. */
  public synchronized boolean cancelled(String job) {
    Entry entry = owned.get(job);
    return entry != null && entry.cancelled;
  }

  /** Entries kept, claimed or pending. */
  public synchronized int size() {
    return size;
  }

  /** {@code user}'s entry for the job, made (pending) if there is none. */
  private Entry entryOf(String user, String job) {
    LinkedHashMap<String, Entry> table = byUser.computeIfAbsent(user,
        u -> new LinkedHashMap<>(16, 0.75f, true));
    Entry entry = table.get(job);
    if (entry == null) {
      entry = new Entry(user);
      entry.pending = true;
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
    for (Iterator<Map.Entry<String, Entry>> it = table.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Entry> e = it.next();
      if (e.getValue().running == 0) {
        it.remove();
        if (!e.getValue().pending) {
          owned.remove(e.getKey());
        }
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
