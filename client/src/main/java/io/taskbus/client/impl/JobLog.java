package io.taskbus.client.impl;

import io.taskbus.client.JobInfo;
import io.taskbus.client.PoolListener;
import io.taskbus.client.Progress;
import java.util.Locale;

/**
 * One line per job when it ends: its task, items, wall time and items per second (and the kind
 * of error of a failed one: never its message, which may quote an argument). At INFO for a job
 * of {@value #INFO_MS} ms or more, at DEBUG for a shorter one: a service making thousands of
 * {@code apply} calls a second must not write a line for each (nor format one). Wall time from
 * the job's start, on the pool's clock.
 */
final class JobLog implements PoolListener {

  private static final System.Logger LOG = System.getLogger("io.taskbus.client.jobs");

  /** Jobs at least this long are logged at INFO: the jobs reported to the dashboard too. */
  static final long INFO_MS = JobReporter.INTERVAL_MS;

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

  /** INFO for a job of {@link #INFO_MS} or more, DEBUG for a shorter one. */
  static System.Logger.Level levelFor(long wallNanos) {
    return wallNanos >= INFO_MS * 1_000_000 ? System.Logger.Level.INFO
        : System.Logger.Level.DEBUG;
  }

  @Override
  public void jobEnded(JobInfo job, Progress progress, Throwable error) {
    if (!(job instanceof Job started)) {
      return;
    }
    long nanos = scheduler.nanoTime() - started.startNanos();
    System.Logger.Level level = levelFor(nanos);
    if (LOG.isLoggable(level)) {
      LOG.log(level, line(job, progress, error, nanos / 1e9));
    }
  }
}
