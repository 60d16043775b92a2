package io.taskbus.client.impl;

import io.taskbus.client.TaskPoolException;
import io.vertx.core.Context;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/** Waiting for a result on a thread that may block, with the job's failure thrown as is. */
public final class Blocking {

  private Blocking() {
  }

  /** Fails fast on a Vert.x event-loop thread, where blocking would stall every handler. */
  public static void checkMayBlock() {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("blocking call on a Vert.x event-loop thread: use the "
          + "*Async methods and toFuture() there, or call from a worker thread");
    }
  }

  public static <T> T await(Future<T> future) throws TimeoutException {
    checkMayBlock();
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskPoolException("interrupted while waiting for the result", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof TimeoutException t) {
        throw t;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new TaskPoolException(String.valueOf(cause), cause);
    }
  }
}
