package io.taskbus.client.impl;

import io.taskbus.client.MapResult;
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
}
