package io.taskbus.client.impl;

import io.taskbus.auth.Announcements;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.WorkerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workers of one task address, kept from their announcements. A worker is gone when its node
 * leaves the cluster, or when it is silent for {@value #MISSED_ANNOUNCEMENTS} of its intervals
 * (a frozen JVM, or a pool on a Vert.x without Hazelcast). A worker that is leaving keeps
 * announcing while it finishes its chunks, so it is not taken for gone. Runs on the pool's
 * context; its time and timers are its {@link Scheduler}'s.
 */
final class WorkerDirectory {

  /** Told when the set of workers changes. */
  interface Listener {
    void changed();

    /** {@code worker} vanished without leaving: whatever it held is lost. */
    void lost(String worker);
  }

  static final int MISSED_ANNOUNCEMENTS = 3;
  private static final long SWEEP_MS = 250;
  /**
   * Every worker answers discovery at once and announces itself at least this often (the
   * default interval): after it, the directory has heard from every worker alive.
   */
  static final long SETTLE_MS = 1_200;

  /** More slots than any real worker has: a claim above it is a lie. */
  static final int MAX_SLOTS = 4_096;
  /** Chunks a worker may hold per slot, at most (its prefetch). */
  static final int MAX_CHUNKS_PER_SLOT = 64;
  static final long MIN_INTERVAL_MS = 50;
  static final long MAX_INTERVAL_MS = 60_000;
  /** An announcement older (or newer) than this by the pool's clock is not believed. */
  static final long MAX_AGE_MS = 60_000;

  private final Scheduler scheduler;
  private final String taskAddress;
  private final Map<String, Seen> workers = new LinkedHashMap<>();
  private final List<Listener> listeners = new ArrayList<>();
  private List<WorkerInfo> available = List.of();
  private long sweeper = -1;
  private long settleTimer = -1;
  private boolean settled;
  private boolean stopped;

  /** A worker's last announcement, when it made it, and when it arrived here. */
  private record Seen(WorkerInfo info, long signedAt, long at) {
  }

  /** @param taskAddress the pool's task address: every worker's own address derives from it */
  WorkerDirectory(Scheduler scheduler, String taskAddress) {
    this.scheduler = scheduler;
    this.taskAddress = taskAddress;
  }

  /** Starts watching for silent workers, and for the moment every live one has been heard. */
  void start() {
    sweepLater();
    settleTimer = scheduler.setTimer(SETTLE_MS, () -> {
      settleTimer = -1;
      settled = true;
      listeners.forEach(Listener::changed);
    });
  }

  /** Cancels the directory's timers. */
  void stop() {
    stopped = true;
    scheduler.cancelTimer(sweeper);
    if (settleTimer >= 0) {
      scheduler.cancelTimer(settleTimer);
    }
  }

  private void sweepLater() {
    sweeper = scheduler.setTimer(SWEEP_MS, () -> {
      if (!stopped) {
        sweep();
        sweepLater();
      }
    });
  }

  void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** True once every live worker has had time to announce itself. */
  boolean settled() {
    return settled;
  }

  /** Workers that take chunks now (the same list until they change). */
  List<WorkerInfo> available() {
    return available;
  }

  /** Called whenever a worker comes, goes or changes. */
  private void refresh() {
    List<WorkerInfo> out = new ArrayList<>();
    for (Seen seen : workers.values()) {
      if (!seen.info.leaving()) {
        out.add(seen.info);
      }
    }
    available = List.copyOf(out);
  }

  /**
   * Even a signed announcement is believed only within bounds: the worker's address is its own
   * direct address under this task address (never another consumer's address), and its slots,
   * room and interval are what a real worker could have.
   */
  private boolean plausible(WorkerInfo info) {
    return info.worker() != null && !info.worker().isBlank() && info.node() != null
        && Addresses.worker(taskAddress, info.worker()).equals(info.address())
        && info.slots() >= 1 && info.slots() <= MAX_SLOTS
        && info.capacity() >= 1 && info.capacity() <= info.slots() * MAX_CHUNKS_PER_SLOT
        && info.intervalMs() >= MIN_INTERVAL_MS && info.intervalMs() <= MAX_INTERVAL_MS
        && info.tasks() != null;
  }

  /** Every worker heard of and not yet gone, leaving ones included. */
  List<WorkerInfo> all() {
    return workers.values().stream().map(Seen::info).toList();
  }

  /**
   * An announcement whose signature holds arrived (null: one that does not, ignored): believed
   * when a worker made it recently, and no earlier than the last one of that worker, so none
   * played back changes what is known.
   */
  void announced(Announcements.Signed signed) {
    if (signed == null || stopped || !plausible(signed.info())
        || Math.abs(scheduler.currentTimeMillis() - signed.at()) > MAX_AGE_MS) {
      return; // not a worker's, or not now: nothing to learn from it
    }
    WorkerInfo info = signed.info();
    Seen known = workers.get(info.worker());
    if (known != null && (!known.info.node().equals(info.node())
        || signed.at() < known.signedAt)) {
      return; // a worker id stays on the node it was first heard from; the past stays past
    }
    Seen before = workers.put(info.worker(), new Seen(info, signed.at(), scheduler.nanoTime()));
    // its live numbers change every time: only a change of route or room re-plans the jobs
    if (before == null || !before.info.sameRoute(info)) {
      refresh();
      listeners.forEach(Listener::changed);
    }
  }

  /** The Vert.x node {@code node} left the cluster: its workers are gone, now. */
  void nodeLeft(String node) {
    List<String> gone = workers.values().stream().filter(seen -> node.equals(seen.info.node()))
        .map(seen -> seen.info.worker()).toList();
    forget(gone);
  }

  /** {@code worker} no longer takes chunks at its address: it is gone until it announces again. */
  void forget(String worker) {
    forget(workers.containsKey(worker) ? List.of(worker) : List.of());
  }

  private void sweep() {
    long now = scheduler.nanoTime();
    List<String> gone = new ArrayList<>();
    workers.forEach((id, seen) -> {
      long silentMs = (now - seen.at) / 1_000_000;
      if (silentMs > MISSED_ANNOUNCEMENTS * Math.max(100, seen.info.intervalMs())) {
        gone.add(id);
      }
    });
    forget(gone);
  }

  private void forget(List<String> gone) {
    for (String id : gone) {
      workers.remove(id);
    }
    refresh();
    for (String id : gone) {
      listeners.forEach(l -> l.lost(id));
    }
    if (!gone.isEmpty()) {
      listeners.forEach(Listener::changed);
    }
  }
}
