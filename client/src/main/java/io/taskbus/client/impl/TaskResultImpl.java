package io.taskbus.client.impl;

import io.taskbus.client.TaskResult;

/** An {@code apply}: a job of one item whose result is that item's. */
final class TaskResultImpl<R> extends ResultFuture<R> implements TaskResult<R> {

  TaskResultImpl(Job job) {
    super(job.<R>outcome().map(list -> list.get(0)), job::cancel);
  }
}
