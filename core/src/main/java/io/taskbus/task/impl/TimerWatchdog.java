package io.taskbus.task.impl;

import io.vertx.core.Vertx;

/** A {@link ChunkRunner.Watchdog} on Vert.x timers. */
public final class TimerWatchdog implements ChunkRunner.Watchdog {

  private final Vertx vertx;

  public TimerWatchdog(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Runnable arm(long ms, Runnable onExpire) {
    long id = vertx.setTimer(ms, t -> onExpire.run());
    return () -> vertx.cancelTimer(id);
  }
}
