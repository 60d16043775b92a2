package io.taskbus.client;

/**
 * Hears what a pool's jobs do, chunk by chunk (OkHttp's {@code EventListener} is the model): a
 * job starts, its chunks are sent, complete or fail, the job ends. Add one with
 * {@link PoolOptions#addListener}; every method has a no-op default, so a listener overrides only
 * what it needs.
 *
 * <p>Calls come on the pool's context, in order, from the dispatch path itself: a listener must
 * be fast, must not block and must not throw (what it throws is logged and dropped). It must not
 * keep a per-chunk object it does not need: large jobs send many thousands of chunks.
 *
 * <p>Every job that is asked for hears {@link #jobStarted} once and {@link #jobEnded} once, even
 * one that fails before it sends anything; each chunk that leaves hears {@link #chunkSent} (or
 * {@link #chunkResent}), then one of {@link #chunkCompleted} or {@link #chunkFailed}.
 */
public interface PoolListener {

  /**
   * A job starts dispatching.
   *
   * @param total its items, or -1 while its input's length is unknown
   */
  default void jobStarted(JobInfo job, long total) {
  }

  /**
   * A chunk left for {@code worker}.
   *
   * @param attempt 1 for its first sending, more when it is sent again after its worker was
   *     lost or its task failed (a retry)
   */
  default void chunkSent(JobInfo job, String worker, int items, int attempt) {
  }

  /**
   * A chunk left again at no cost to its attempts: a worker refused it unrun (full, leaving, the
   * token expired, an answer not signed by it), or it was too large for a message and this is
   * one of its halves. Its items were told in {@link #chunkSent} already. By default it is heard
   * as {@link #chunkSent}; a listener that counts items or retries tells them apart here.
   *
   * @param attempt the attempt it was last sent at (the same one)
   */
  default void chunkResent(JobInfo job, String worker, int items, int attempt) {
    chunkSent(job, worker, items, attempt);
  }

  /**
   * A chunk's results arrived.
   *
   * @param roundTripNanos from sending to its last answer, as this pool saw it
   * @param workerMicros how long its items ran on the worker
   */
  default void chunkCompleted(JobInfo job, String worker, int items, long roundTripNanos,
      long workerMicros) {
  }

  /**
   * A chunk came back without results: its task threw, its worker was lost, full or leaving, or
   * it could not be verified.
   *
   * @param retried true when the chunk will be sent again (the job goes on), false when this
   *     failure ends the job
   */
  default void chunkFailed(JobInfo job, String worker, int items, Throwable cause,
      boolean retried) {
  }

  /**
   * The job ended.
   *
   * @param progress its counts at the end
   * @param error why it failed (a {@link java.util.concurrent.CancellationException} when it
   *     was cancelled), or null when it succeeded
   */
  default void jobEnded(JobInfo job, Progress progress, Throwable error) {
  }
}
