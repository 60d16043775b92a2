package io.taskbus.client.impl;

import io.taskbus.client.JobInfo;
import io.taskbus.client.OutputLine;
import io.taskbus.client.PoolListener;
import io.taskbus.client.Progress;
import io.taskbus.client.TaskFailedException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports a pool's longer jobs to the cluster: every {@link #INTERVAL_MS} a job that has run at
 * least that long is sent live (counts, rate, the interval's chunk latencies), and when such a
 * job ends its final record goes to the job history too. A job that ends sooner sends nothing
 * and writes nothing: an {@code apply} costs a map entry. One pool-wide timer, only while jobs
 * run. Records carry counts, times, the task's name and a failed item's error and output; never
 * arguments or results. On the pool's context, on its {@link Scheduler}'s clocks.
 */
final class JobReporter implements PoolListener {

  static final long INTERVAL_MS = 500;
  /** A failed item's output lines kept in its record, and the characters kept of each. */
  static final int MAX_OUTPUT_LINES = 20;
  static final int MAX_LINE_CHARS = 500;
  static final int MAX_MESSAGE_CHARS = 2_000;

  /** Where reports go: signed and sent by the pool, or kept by a test. */
  interface Outlet {
    /** A running (or just ended) job's record, for whoever watches now. */
    void live(JsonObject record);

    /** An ended job's record, for the history; completes when it is stored (or failed to be). */
    Future<Void> history(JsonObject record);
  }

  /** What is known of one running job beyond its progress. */
  private static final class Report {
    final JobInfo job;
    final long startNanos;
    final long startedAt;
    final LatencyWindow latencies = new LatencyWindow();
    long total;
    int chunkSize;
    long doneBefore;
    long intervalStart;
    boolean reported;

    Report(JobInfo job, long total, long startNanos, long startedAt) {
      this.job = job;
      this.total = total;
      this.startNanos = startNanos;
      this.startedAt = startedAt;
      this.intervalStart = startNanos;
    }
  }

  private final Scheduler scheduler;
  private final Outlet outlet;
  private final Map<JobInfo, Report> running = new IdentityHashMap<>();
  /** Completed on whichever thread the cluster answers on. */
  private final Set<Future<Void>> writing = ConcurrentHashMap.newKeySet();
  private long timer = -1;

  JobReporter(Scheduler scheduler, Outlet outlet) {
    this.scheduler = scheduler;
    this.outlet = outlet;
  }

  @Override
  public void jobStarted(JobInfo job, long total) {
    running.put(job, new Report(job, total, scheduler.nanoTime(),
        scheduler.currentTimeMillis()));
    if (timer < 0) {
      timer = scheduler.setTimer(INTERVAL_MS, this::tick);
    }
  }

  @Override
  public void chunkSent(JobInfo job, String worker, int items, int attempt) {
    Report report = running.get(job);
    if (report != null) {
      report.chunkSize = items;
    }
  }

  @Override
  public void chunkCompleted(JobInfo job, String worker, int items, long roundTripNanos,
      long workerMicros) {
    Report report = running.get(job);
    if (report != null) {
      report.latencies.record(roundTripNanos);
    }
  }

  @Override
  public void jobEnded(JobInfo job, Progress progress, Throwable error) {
    Report report = running.remove(job);
    if (report == null) {
      return;
    }
    long now = scheduler.nanoTime();
    if (!report.reported && now - report.startNanos < INTERVAL_MS * 1_000_000) {
      return; // a short job: nothing to watch, nothing to keep
    }
    JsonObject record = record(report, progress, now, state(error));
    record.put("endedAt", scheduler.currentTimeMillis());
    if (error != null && !(error instanceof CancellationException)) {
      record.put("error", error(job, error));
    }
    outlet.live(record);
    Future<Void> write = outlet.history(record);
    writing.add(write);
    write.onComplete(ar -> writing.remove(write));
  }

  /** Completes when every history record under way is stored (or has failed to be). */
  Future<Void> flushed() {
    return Future.join(new ArrayList<>(writing)).<Void>mapEmpty().recover(e ->
        Future.succeededFuture());
  }

  /** Stops the timer; records under way still complete. */
  void close() {
    if (timer >= 0) {
      scheduler.cancelTimer(timer);
      timer = -1;
    }
  }

  private void tick() {
    timer = -1;
    if (running.isEmpty()) {
      return; // the next job starts the timer again
    }
    long now = scheduler.nanoTime();
    for (Report report : running.values()) {
      if (now - report.startNanos >= INTERVAL_MS * 1_000_000) {
        report.reported = true;
        outlet.live(record(report, report.job.progress(), now, "running"));
      }
    }
    timer = scheduler.setTimer(INTERVAL_MS, this::tick);
  }

  /** The job's record now; starts a new latency interval. */
  private JsonObject record(Report report, Progress progress, long now, String state) {
    JsonObject record = new JsonObject().put("job", report.job.id())
        .put("task", report.job.task())
        .put("total", progress.total()).put("done", progress.done())
        .put("failed", progress.failed()).put("retried", progress.retried())
        .put("inFlight", progress.inFlight()).put("chunkSize", report.chunkSize)
        .put("startedAt", report.startedAt).put("state", state)
        .put("itemsPerSecond", round(progress.itemsPerSecond()))
        .put("intervalMs", (now - report.intervalStart) / 1_000_000)
        .put("intervalItems", progress.done() - report.doneBefore)
        .put("intervalChunks", report.latencies.count());
    if (report.latencies.count() > 0) {
      record.put("p50Ms", round(report.latencies.percentileMs(0.5)))
          .put("p99Ms", round(report.latencies.percentileMs(0.99)));
    }
    report.latencies.reset();
    report.doneBefore = progress.done();
    report.intervalStart = now;
    return record;
  }

  private static String state(Throwable error) {
    return error == null ? "done" : error instanceof CancellationException ? "cancelled"
        : "failed";
  }

  /** What went wrong, with the failed item's output: never its arguments. */
  private static JsonObject error(JobInfo job, Throwable error) {
    JsonObject json = new JsonObject();
    long item = -1;
    if (error instanceof TaskFailedException failed) {
      item = failed.index();
      json.put("type", failed.remoteType())
          .put("message", cut(failed.remoteMessage(), MAX_MESSAGE_CHARS));
    } else {
      json.put("type", error.getClass().getName())
          .put("message", cut(String.valueOf(error.getMessage()), MAX_MESSAGE_CHARS));
    }
    json.put("item", item);
    JsonArray output = new JsonArray();
    if (error instanceof TaskFailedException failed && !failed.output().isEmpty()) {
      for (String line : failed.output()) {
        output.add(cut(line, MAX_LINE_CHARS));
      }
      return json.put("output", output);
    }
    if (item >= 0 && job instanceof Job ours) {
      List<OutputLine> lines = ours.output();
      for (int i = lines.size() - 1; i >= 0 && output.size() < MAX_OUTPUT_LINES; i--) {
        if (lines.get(i).item() == item) {
          output.add(cut(lines.get(i).line(), MAX_LINE_CHARS));
        }
      }
      List<Object> inOrder = new ArrayList<>(output.getList());
      java.util.Collections.reverse(inOrder);
      output = new JsonArray(inOrder);
    }
    return json.put("output", output);
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max) + "...";
  }

  private static double round(double value) {
    return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : 0;
  }
}
