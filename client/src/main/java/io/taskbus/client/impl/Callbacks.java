package io.taskbus.client.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * Runs a user's callback where the user is: on the Vert.x context of the thread that registered
 * it, or (from a plain thread) where the event happens, on the pool's context. A callback that
 * throws is logged: it must not break the job, the pool, or the callbacks after it.
 */
final class Callbacks {

  private static final System.Logger LOG = System.getLogger(Callbacks.class.getName());

  private Callbacks() {
  }

  static <T> Handler<T> onCallersContext(Handler<T> handler) {
    if (handler == null) {
      throw new IllegalArgumentException("the handler must not be null");
    }
    Context caller = Vertx.currentContext();
    Handler<T> safe = value -> {
      try {
        handler.handle(value);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a taskbus callback threw", e);
      }
    };
    return caller == null ? safe : value -> caller.runOnContext(v -> safe.handle(value));
  }
}
