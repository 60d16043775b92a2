package io.taskbus.node;

import io.taskbus.protocol.ErrorCode;

/**
 * One chunk a worker took, as its {@link WorkerListener}s see it: filled in as it goes (the job
 * and the item count once decoded, the slot and start when it runs, the end and outcome when it
 * is over). Written on the thread that runs it and read on the worker's event loop after the
 * run's future completes, which orders the two. One object per chunk: the listeners need no
 * other.
 */
final class ChunkRun {

  /** The slot of a chunk that has not started (or failed before it ran). */
  static final int NOT_STARTED = -2;
  /** The slot of a chunk run on the event loop. */
  static final int EVENT_LOOP = -1;

  private final String task;
  private final String user;
  private String job;
  private int items;
  private int slot = NOT_STARTED;
  private long startedAt;
  private long startNanos;
  private long endedAt;
  private long micros;
  private ErrorCode failure;

  ChunkRun(String task, String user) {
    this.task = task;
    this.user = user;
  }

  String task() {
    return task;
  }

  String user() {
    return user;
  }

  /** The job's id, or null when the chunk failed before it was decoded. */
  String job() {
    return job;
  }

  int items() {
    return items;
  }

  /** The worker thread's slot (0 to slots - 1), {@link #EVENT_LOOP} or {@link #NOT_STARTED}. */
  int slot() {
    return slot;
  }

  boolean started() {
    return slot != NOT_STARTED;
  }

  /** Epoch ms. */
  long startedAt() {
    return startedAt;
  }

  /** Epoch ms. */
  long endedAt() {
    return endedAt;
  }

  /** How long its items ran, in µs (from start to end when it failed). */
  long micros() {
    return micros;
  }

  /** Null when every item ran, else the failure's code. */
  ErrorCode failure() {
    return failure;
  }

  boolean ok() {
    return failure == null;
  }

  void decoded(String jobId, int itemCount) {
    this.job = jobId;
    this.items = itemCount;
  }

  void start(int slotIndex, long nowMs, long nanos) {
    this.slot = slotIndex;
    this.startedAt = nowMs;
    this.startNanos = nanos;
  }

  /** It ran: its items' own run time, as the runner measured it. */
  void ran(long nowMs, long itemMicros) {
    this.endedAt = nowMs;
    this.micros = itemMicros;
  }

  /** It failed with {@code code}: its time is the wall time since it started, if it did. */
  void failed(ErrorCode code, long nowMs, long nanos) {
    this.failure = code;
    this.endedAt = nowMs;
    this.micros = started() ? (nanos - startNanos) / 1_000 : 0;
    if (!started()) {
      this.startedAt = nowMs;
    }
  }
}
