package io.taskbus.client;

/** A running {@code apply}: one task call's result. Behaves as {@link MapResult} does. */
public interface TaskResult<R> extends java.util.concurrent.Future<R> {

  boolean ready();

  boolean successful();

  io.vertx.core.Future<R> toFuture();
}
