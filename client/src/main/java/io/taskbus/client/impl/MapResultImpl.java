package io.taskbus.client.impl;

import io.taskbus.client.MapResult;
import io.taskbus.client.OutputLine;
import io.taskbus.client.Progress;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import java.util.List;

/** The handle of a {@link Job}. */
final class MapResultImpl<R> extends ResultFuture<List<R>> implements MapResult<R> {

  private final Job job;

  MapResultImpl(Job job) {
    super(job.<R>outcome(), job::cancel);
    this.job = job;
  }

  @Override
  public String jobId() {
    return job.id();
  }

  @Override
  public long completedItems() {
    return job.completedItems();
  }

  @Override
  public long totalItems() {
    return job.totalItems();
  }

  @Override
  public int retriedChunks() {
    return job.retriedChunks();
  }

  @Override
  public Progress progress() {
    return job.progress();
  }

  @Override
  public MapResult<R> onProgress(Handler<Progress> listener) {
    job.onProgress(Callbacks.onCallersContext(listener));
    return this;
  }

  @Override
  public List<OutputLine> output() {
    return job.output();
  }

  @Override
  public MapResult<R> onOutput(Handler<OutputLine> listener) {
    job.onOutput(Callbacks.onCallersContext(listener));
    return this;
  }

  @Override
  public MapResult<R> onSuccess(Handler<List<R>> handler) {
    whenSucceeded(handler);
    return this;
  }

  @Override
  public MapResult<R> onFailure(Handler<Throwable> handler) {
    whenFailed(handler);
    return this;
  }

  @Override
  public MapResult<R> onComplete(Handler<AsyncResult<List<R>>> handler) {
    whenComplete(handler);
    return this;
  }
}
