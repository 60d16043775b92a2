package io.taskbus.shared;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The blocking forms' wait: bounded, refused on an event loop, and woken by an interrupt (an
 * item over its time limit is interrupted). Vert.x's own {@code Future.await} refuses every
 * Vert.x thread, task items' worker threads included, so it cannot serve here.
 */
final class Waits {

  private Waits() {
  }

  /** {@code timeout}, when it is a positive duration. */
  static Duration positive(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a shared-state timeout must be positive, got "
          + timeout);
    }
    return timeout;
  }

  /** Fails before anything is asked: the answer would be delivered on this very thread. */
  static void checkMayBlock(String what) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(what + ": a blocking shared-state call on a Vert.x "
          + "event-loop thread would stall it; use the async form there, or call from a "
          + "worker thread");
    }
  }

  /** Starts {@code operation} only where it may be waited for, then waits for it. */
  static <T> T call(Supplier<Future<T>> operation, Duration timeout, String what) {
    checkMayBlock(what);
    return await(operation.get(), timeout, what);
  }

  /** The future's result, or its failure thrown as is (wrapped when it is checked). */
  static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new SharedStateException(what + ": no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SharedStateException(what + ": interrupted while waiting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new SharedStateException(what + ": " + cause, cause);
    }
  }
}
