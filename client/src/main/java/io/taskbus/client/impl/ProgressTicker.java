package io.taskbus.client.impl;

import io.taskbus.client.JobInfo;
import io.taskbus.client.PoolListener;
import io.taskbus.client.Progress;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's progress handlers ({@code MapResult.onProgress}): told every {@link #PERIOD_MS} while
 * the job runs, from a timer of their own and never from the dispatch path, and once when it
 * ends. One per job, made when the first handler is added. On the pool's context.
 */
final class ProgressTicker implements PoolListener {

  /** Progress handlers hear from a running job this often. */
  static final long PERIOD_MS = 250;

  private final JobInfo job;
  private final Scheduler scheduler;
  private final List<Handler<Progress>> handlers = new ArrayList<>();
  private long timer = -1;
  private boolean ended;

  ProgressTicker(JobInfo job, Scheduler scheduler) {
    this.job = job;
    this.scheduler = scheduler;
  }

  void add(Handler<Progress> handler) {
    handlers.add(handler);
    if (timer < 0 && !ended) {
      tick();
    }
  }

  @Override
  public void jobEnded(JobInfo job, Progress progress, Throwable error) {
    ended = true;
    if (timer >= 0) {
      scheduler.cancelTimer(timer);
      timer = -1;
    }
    handlers.forEach(h -> h.handle(progress));
    handlers.clear();
  }

  private void tick() {
    timer = scheduler.setTimer(PERIOD_MS, () -> {
      timer = -1;
      if (!ended) {
        Progress now = job.progress();
        handlers.forEach(h -> h.handle(now));
        tick();
      }
    });
  }
}
