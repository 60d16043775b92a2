package io.taskbus.shared;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Named state that tasks and pools share: counters, maps of JSON values and locks, the
 * cluster's answer to {@code multiprocessing}'s {@code Value}, {@code Manager().dict()} and
 * {@code Lock}. On a clustered Vert.x they are cluster-wide (Hazelcast holds them); on a plain
 * Vert.x they are this JVM's. The same name always means the same object, whoever asks.
 *
 * <p>Every object has async methods (Vert.x futures) and a {@code blocking()} view. The blocking
 * forms wait at most {@link #DEFAULT_TIMEOUT} (or the view's own timeout) and throw
 * {@link SharedStateException} when that passes; on a Vert.x event-loop thread they throw
 * {@link IllegalStateException} at once, before anything is asked. In a worker verticle's own
 * handlers a clustered answer is delivered on that same (busy) context, so a blocking call there
 * can only time out: use the async forms. Task items, {@code executeBlocking} code and plain
 * threads may block.
 *
 * <p>Security: any member of the cluster can reach this state; no token or permission guards it
 * (issue 9).
 */
public interface SharedState {

  /** How long a blocking call waits, and how long a lock is waited for, unless told otherwise. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The state of {@code vertx}'s {@code SharedData}: cluster-wide when it is clustered. */
  static SharedState create(Vertx vertx) {
    return new VertxSharedState(vertx);
  }

  /** @throws IllegalArgumentException when {@code name} is null or blank */
  SharedCounter counter(String name);

  /** @throws IllegalArgumentException when {@code name} is null or blank */
  SharedMap sharedMap(String name);

  /** @throws IllegalArgumentException when {@code name} is null or blank */
  SharedLock lock(String name);
}
