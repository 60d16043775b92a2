package io.taskbus.shared;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A shared lock: one holder at a time, across the cluster. It is not reentrant: a holder that
 * asks again waits for itself until its timeout. A member that dies holding it lets it go
 * within about half a minute.
 */
public interface SharedLock {

  String name();

  /** Waits at most {@link SharedState#DEFAULT_TIMEOUT} for the lock. */
  default Future<Releasable> acquire() {
    return acquire(SharedState.DEFAULT_TIMEOUT);
  }

  /**
   * Waits at most {@code timeout} for the lock; then fails with a {@link SharedStateException}.
   * The holder must release it, once.
   */
  Future<Releasable> acquire(Duration timeout);

  /**
   * Runs {@code block} holding the lock (waited for at most {@link SharedState#DEFAULT_TIMEOUT})
   * and releases it when the block's future completes, or when the block throws.
   */
  <T> Future<T> withLock(Supplier<Future<T>> block);

  /** Blocking acquire and release, waiting at most {@link SharedState#DEFAULT_TIMEOUT}. */
  default Blocking blocking() {
    return blocking(SharedState.DEFAULT_TIMEOUT);
  }

  /** Blocking acquire and release, waiting at most {@code timeout} for the lock. */
  Blocking blocking(Duration timeout);

  /** A lock held; {@code close} releases it, so it fits try-with-resources. */
  interface Releasable extends AutoCloseable {

    /** Lets the next holder in; a second call does nothing. Never throws. */
    void release();

    @Override
    default void close() {
      release();
    }
  }

  /** Waits for the lock; see {@link SharedState} for when it throws. */
  interface Blocking {

    /** The lock, held: release it in a finally block (or use try-with-resources). */
    Releasable acquire();

    /** Runs {@code block} holding the lock, and releases it however the block ends. */
    <T> T withLock(Callable<T> block) throws Exception;
  }
}
