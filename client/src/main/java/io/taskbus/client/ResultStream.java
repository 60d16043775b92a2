package io.taskbus.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

/**
 * The results of an {@code imap}, as a Vert.x {@link ReadStream}: in input order or in
 * completion order. It honours {@link #pause()} and {@link #fetch(long)}: items are dispatched
 * only as far as {@link JobOptions#setStreamBuffer} ahead of what the consumer has read, so a
 * slow consumer slows the job and memory stays bounded. A failed or cancelled job ends the
 * stream with its exception. Handlers run on the pool's Vert.x context; an end or exception
 * handler set after the stream ended is called then (once), so a caller on another thread
 * cannot miss the end.
 */
public interface ResultStream<R> extends ReadStream<R> {

  /** The job's id, as workers see it. */
  String jobId();

  /** The job's progress now. */
  Progress progress();

  /**
   * Tells {@code listener} each line the items wrote ({@code TaskContext.log}, {@code out()}),
   * in item order, those written so far first; on the pool's context.
   */
  ResultStream<R> outputHandler(Handler<OutputLine> listener);

  /** Stops dispatch and tells the workers; the stream ends with a cancellation. */
  void cancel();

  @Override
  ResultStream<R> exceptionHandler(Handler<Throwable> handler);

  @Override
  ResultStream<R> handler(Handler<R> handler);

  @Override
  ResultStream<R> pause();

  @Override
  ResultStream<R> resume();

  @Override
  ResultStream<R> fetch(long amount);

  @Override
  ResultStream<R> endHandler(Handler<Void> endHandler);

  /** Completes when the stream has ended, or fails as the job did. */
  Future<Void> end();
}
