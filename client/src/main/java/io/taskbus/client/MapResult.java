package io.taskbus.client;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import java.util.List;

/**
 * A running map: the ordered list of results, one per input item, once every item is done.
 * {@code get()} blocks (never on an event-loop thread); {@code get(timeout, unit)} throws
 * {@link java.util.concurrent.TimeoutException} and leaves the job running; {@code cancel}
 * stops dispatch and tells the workers to drop the job's queued chunks. A failed job's
 * {@code get()} throws an {@link java.util.concurrent.ExecutionException} whose cause is the
 * {@link TaskPoolException} (or {@link java.util.concurrent.TimeoutException}) that ended it.
 * Callbacks run on the Vert.x context of the thread that registers them (the pool's when it
 * has none); one that throws is logged and breaks nothing.
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

  /** The job's progress now: done, total, failed, retried, in flight, items/s. */
  Progress progress();

  /**
   * Calls {@code listener} with the progress a few times a second while the job runs, and once
   * when it ends (at once if it has ended); on the caller's Vert.x context when there is one.
   */
  MapResult<R> onProgress(Handler<Progress> listener);

  /**
   * What the items wrote ({@code TaskContext.log}, {@code TaskContext.out()}), in item order:
   * the lines of every item whose result, and every earlier item's, is in.
   */
  List<OutputLine> output();

  /**
   * Calls {@code listener} with each line the items wrote, in item order, as soon as every
   * earlier item is done (the lines so far first); on the caller's Vert.x context when there is
   * one.
   */
  MapResult<R> onOutput(Handler<OutputLine> listener);

  /** {@code map_async(callback=...)}: on the caller's context when there is one. */
  MapResult<R> onSuccess(Handler<List<R>> handler);

  /** {@code map_async(error_callback=...)}: on the caller's context when there is one. */
  MapResult<R> onFailure(Handler<Throwable> handler);

  MapResult<R> onComplete(Handler<AsyncResult<List<R>>> handler);
}
