package io.taskbus.task.impl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jobs a worker has seen: who owns each (only that user may send or cancel its chunks) and
 * whether it was cancelled. Bounded: past its capacity the least recently used job is
 * forgotten, so neither chunks nor cancels of ever new job ids can grow it. Thread-safe.
 */
public final class KnownJobs {

  public static final int DEFAULT_CAPACITY = 100_000;

  /** One job: its owner, and a cancel flag its running chunks poll before each item. */
  public static final class Entry {
    private final String owner;
    private volatile boolean cancelled;

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

  private final Map<String, Entry> jobs;

  public KnownJobs(int capacity) {
    this.jobs = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The job's entry, made {@code user}'s if it is new; null when it is another user's. */
  public synchronized Entry claim(String job, String user) {
    Entry entry = jobs.computeIfAbsent(job, j -> new Entry(user));
    return entry.owner.equals(user) ? entry : null;
  }

  /**
   * Cancels the job for {@code user}; a job not seen yet is remembered as theirs, cancelled, so
   * that its chunks still on their way are dropped.
   *
   * @return false when the job is another user's
   */
  public synchronized boolean cancel(String job, String user) {
    Entry entry = claim(job, user);
    if (entry == null) {
      return false;
    }
    entry.cancelled = true;
    return true;
  }

  public synchronized boolean cancelled(String job) {
    Entry entry = jobs.get(job);
    return entry != null && entry.cancelled;
  }

  public synchronized int size() {
    return jobs.size();
  }
}
