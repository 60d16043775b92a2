package io.taskbus.client;

import java.util.List;

/**
 * A running map: the ordered list of results, one per input item, once every item is done.
 * {@code get()} blocks (never on an event-loop thread); {@code get(timeout, unit)} throws
 * {@link java.util.concurrent.TimeoutException} and leaves the job running; {@code cancel}
 * stops dispatch and tells the workers to drop the job's queued chunks. A failed job's
 * {@code get()} throws an {@link java.util.concurrent.ExecutionException} whose cause is the
 * {@link TaskPoolException} (or {@link java.util.concurrent.TimeoutException}) that ended it.
 */
public interface MapResult<R> extends java.util.concurrent.Future<List<R>> {

  /** The job's id, as workers see it. */
  String jobId();

  /** True once the job has an outcome. */
  boolean ready();

  /** True when the job completed with every result. */
  boolean successful();

  /** The same outcome as a Vert.x future, for reactive code. */
  io.vertx.core.Future<List<R>> toFuture();

  /** Items with a result so far. */
  long completedItems();

  /** Items in the job; -1 while a lazy input is not yet exhausted. */
  long totalItems();

  /** Chunks sent again after their worker was lost. */
  int retriedChunks();
}
