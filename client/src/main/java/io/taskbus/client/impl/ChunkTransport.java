package io.taskbus.client.impl;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link Job} sends its chunks: workers in the cluster, or threads of this JVM. Every
 * method runs on the pool's context, and every future completes there.
 */
abstract class ChunkTransport {

  private final List<Runnable> listeners = new ArrayList<>();
  /** Where the last {@link #send} went; see {@link #sentTo()}. */
  protected String sentTo;

  /** True when some worker can take chunks. */
  abstract boolean hasWorkers();

  /** The worker slots alive now. */
  abstract int slots();

  /** True when some worker that can run {@code task} has room for one more chunk. */
  abstract boolean hasCredit(String task);

  /**
   * Sends a chunk to a worker with room. Fails with {@link RetryableFailure} when the chunk was
   * lost with its worker, or with the job-ending error the worker replied.
   */
  abstract Future<ChunkResult> send(ChunkSpec chunk);

  /**
   * The worker the last {@link #send} sent its chunk to, or null when that chunk never left
   * (refused at once: no room, too large). Read on the pool's context right after the send: a
   * field, so that saying it costs the dispatch path nothing.
   */
  final String sentTo() {
    return sentTo;
  }

  /** Tells the workers that the job's remaining chunks are not wanted. */
  abstract void cancel(String job);

  /** Called whenever workers or room change. */
  final void addListener(Runnable listener) {
    listeners.add(listener);
  }

  final void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /** Tells the listeners (the jobs) that workers or room changed. */
  protected final void fireChanged() {
    for (Runnable listener : new ArrayList<>(listeners)) {
      listener.run();
    }
  }

  /** For messages: where this transport finds workers. */
  abstract String describe();
}
