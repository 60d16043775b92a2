package io.taskbus.client.impl;

import io.taskbus.client.JobInfo;
import io.taskbus.client.PoolListener;
import io.taskbus.client.Progress;
import java.util.Locale;

/**
 * One line per job at INFO when it ends: its task, items, wall time and items per second (and
 * the kind of error of a failed one: never its message, which may quote an argument). Wall time
 * from the job's start, on the pool's clock.
 */
final class JobLog implements PoolListener {

  private static final System.Logger LOG = System.getLogger("io.taskbus.client.jobs");

  private final Scheduler scheduler;

  JobLog(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** A line for the job, or null when INFO is off for it: then nothing is formatted. */
  static String line(JobInfo job, Progress progress, Throwable error, double wallSeconds) {
    double rate = wallSeconds > 0 ? progress.done() / wallSeconds : 0;
    String outcome = error == null ? "done" : "failed (" + error.getClass().getSimpleName() + ")";
    return String.format(Locale.ROOT, "job %s %s: task '%s', %d items, %.3f s, %.0f items/s",
        job.id(), outcome, job.task(), progress.done(), wallSeconds, rate);
  }

  @Override
  public void jobEnded(JobInfo job, Progress progress, Throwable error) {
    if (LOG.isLoggable(System.Logger.Level.INFO) && job instanceof Job started) {
      double seconds = (scheduler.nanoTime() - started.startNanos()) / 1e9;
      LOG.log(System.Logger.Level.INFO, line(job, progress, error, seconds));
    }
  }
}
