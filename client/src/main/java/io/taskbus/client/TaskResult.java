package io.taskbus.client;

/** A running {@code apply}: one task call's result. Behaves as {@link MapResult} does. */
public interface TaskResult<R> extends java.util.concurrent.Future<R> {

  boolean ready();

  boolean successful();

  io.vertx.core.Future<R> toFuture();

  /** The lines the task wrote. */
  java.util.List<OutputLine> output();

  TaskResult<R> onSuccess(io.vertx.core.Handler<R> handler);

  TaskResult<R> onFailure(io.vertx.core.Handler<Throwable> handler);

  TaskResult<R> onComplete(io.vertx.core.Handler<io.vertx.core.AsyncResult<R>> handler);
}
