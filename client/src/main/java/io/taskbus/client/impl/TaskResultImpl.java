package io.taskbus.client.impl;

import io.taskbus.client.OutputLine;
import io.taskbus.client.TaskResult;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import java.util.List;

/** An {@code apply}: a job of one item whose result is that item's. */
final class TaskResultImpl<R> extends ResultFuture<R> implements TaskResult<R> {

  private final Job job;

  TaskResultImpl(Job job) {
    super(job.<R>outcome().map(list -> list.get(0)), job::cancel);
    this.job = job;
  }

  @Override
  public List<OutputLine> output() {
    return job.output();
  }

  @Override
  public TaskResult<R> onSuccess(Handler<R> handler) {
    whenSucceeded(handler);
    return this;
  }

  @Override
  public TaskResult<R> onFailure(Handler<Throwable> handler) {
    whenFailed(handler);
    return this;
  }

  @Override
  public TaskResult<R> onComplete(Handler<AsyncResult<R>> handler) {
    whenComplete(handler);
    return this;
  }
}
