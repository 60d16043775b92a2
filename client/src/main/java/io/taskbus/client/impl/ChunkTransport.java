package io.taskbus.client.impl;

import io.vertx.core.Future;

/**
 * Where a {@link Job} sends its chunks: workers in the cluster, or threads of this JVM. Every
 * method runs on the pool's context, and every future completes there.
 */
interface ChunkTransport {

  /** True when some worker can take chunks. */
  boolean hasWorkers();

  /** The worker slots alive now. */
  int slots();

  /** True when some worker that can run {@code task} has room for one more chunk. */
  boolean hasCredit(String task);

  /**
   * Sends a chunk to a worker with room. Fails with {@link RetryableFailure} when the chunk was
   * lost with its worker, or with the job-ending error the worker replied.
   */
  Future<ChunkResult> send(ChunkSpec chunk);

  /** Tells the workers that the job's remaining chunks are not wanted. */
  void cancel(String job);

  /** Called whenever workers or room change. */
  void addListener(Runnable listener);

  void removeListener(Runnable listener);

  /** For messages: where this transport finds workers. */
  String describe();
}
