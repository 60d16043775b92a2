package io.taskbus.shared;

import io.vertx.core.Future;
import java.time.Duration;

/** A shared {@code long}, changed atomically; it starts at 0. */
public interface SharedCounter {

  String name();

  Future<Long> get();

  Future<Long> incrementAndGet();

  Future<Long> decrementAndGet();

  Future<Long> addAndGet(long delta);

  /** Sets {@code value} only if the counter holds {@code expected}; true when it did. */
  Future<Boolean> compareAndSet(long expected, long value);

  /** The same operations, waiting at most {@link SharedState#DEFAULT_TIMEOUT}. */
  default Blocking blocking() {
    return blocking(SharedState.DEFAULT_TIMEOUT);
  }

  /** The same operations, each waiting at most {@code timeout}. */
  Blocking blocking(Duration timeout);

  /** Waits for each answer; see {@link SharedState} for when it throws. */
  interface Blocking {

    long get();

    long incrementAndGet();

    long decrementAndGet();

    long addAndGet(long delta);

    boolean compareAndSet(long expected, long value);
  }
}
