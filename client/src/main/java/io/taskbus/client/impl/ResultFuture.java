package io.taskbus.client.impl;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link java.util.concurrent.Future} over a Vert.x future: {@code get()} for threads that
 * block, {@link #toFuture()} for reactive code. Cancelling runs the owner's cancel action.
 */
class ResultFuture<T> implements java.util.concurrent.Future<T> {

  private final CompletableFuture<T> outcome = new CompletableFuture<>();
  private final Future<T> future;
  private final Runnable onCancel;

  ResultFuture(Future<T> future, Runnable onCancel) {
    this.future = future;
    this.onCancel = onCancel;
    future.onComplete(outcome::complete, outcome::completeExceptionally);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = outcome.cancel(mayInterruptIfRunning);
    if (cancelled) {
      onCancel.run();
    }
    return cancelled;
  }

  @Override
  public boolean isCancelled() {
    return outcome.isCancelled();
  }

  @Override
  public boolean isDone() {
    return outcome.isDone();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    Blocking.checkMayBlock();
    return outcome.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    Blocking.checkMayBlock();
    return outcome.get(timeout, unit);
  }

  public boolean ready() {
    return outcome.isDone();
  }

  public boolean successful() {
    return outcome.isDone() && !outcome.isCompletedExceptionally();
  }

  public Future<T> toFuture() {
    return future;
  }

  /** Tells {@code handler} the outcome, on the registering thread's context when it has one. */
  protected void whenComplete(Handler<AsyncResult<T>> handler) {
    future.onComplete(Callbacks.onCallersContext(handler));
  }

  protected void whenSucceeded(Handler<T> handler) {
    future.onSuccess(Callbacks.onCallersContext(handler));
  }

  protected void whenFailed(Handler<Throwable> handler) {
    future.onFailure(Callbacks.onCallersContext(handler));
  }
}
