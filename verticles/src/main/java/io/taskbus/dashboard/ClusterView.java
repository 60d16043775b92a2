package io.taskbus.dashboard;

import io.vertx.core.json.JsonObject;
import java.util.function.LongSupplier;

/**
 * What the dashboard knows of the cluster, as pure data: workers from verified announcements,
 * jobs from verified job reports, task-stream spans from verified stream batches, throughput
 * over time. It believes only what it is handed (verification is the feeds' job, see
 * {@link DashboardFeeds}) and still reads every field within bounds: garbage is counted and
 * ignored, never thrown. Time comes from an injected clock (epoch ms), so tests run it on a
 * virtual one. Not thread-safe: one event loop feeds and reads it.
 */
final class ClusterView {

  /** The task stream a snapshot shows, and at most how many spans. */
  static final long STREAM_SHOWN_MS = 2 * 60_000;
  static final int STREAM_SHOWN_SPANS = 4_000;

  private final LongSupplier clock;
  private final Workers workers = new Workers();
  private final Jobs jobs = new Jobs();
  private final TaskStream stream = new TaskStream();
  private final Throughput throughput = new Throughput();
  private long ignored;

  ClusterView(LongSupplier clock) {
    this.clock = clock;
  }

  /** A verified announcement: the WorkerInfo JSON its worker signed at {@code at}. */
  void announced(JsonObject info, long at) {
    try {
      workers.announced(info, at, clock.getAsLong());
    } catch (RuntimeException e) {
      ignored++;
    }
  }

  /** A verified live report of {@code user}'s job, signed at {@code ts} with number seq. */
  void jobReported(String user, JsonObject record, long ts, long seq) {
    long now = clock.getAsLong();
    try {
      if (jobs.reported(user, record, ts, seq, now)) {
        throughput.reported(user, record.getString("job"),
            Fields.number(record, "intervalItems", 0, Long.MAX_VALUE, 0),
            Fields.number(record, "intervalMs", 0, 86_400_000, 0),
            Fields.decimal(record, "p50Ms", 0, 1e9, -1),
            Fields.decimal(record, "p99Ms", 0, 1e9, -1), now);
      }
    } catch (RuntimeException e) {
      ignored++;
    }
  }

  /** A verified record of the job history (an ended job of {@code user}'s). */
  void historyRecord(String user, JsonObject record, long ts, long seq) {
    try {
      jobs.reported(user, record, ts, seq, clock.getAsLong());
    } catch (RuntimeException e) {
      ignored++;
    }
  }

  /** A verified stream batch a worker signed at {@code at}. */
  void streamBatch(JsonObject batch, long at) {
    try {
      stream.batch(batch, at, clock.getAsLong());
    } catch (RuntimeException e) {
      ignored++;
    }
  }

  /** Something that failed verification or could not be read at all. */
  void ignore() {
    ignored++;
  }

  long ignored() {
    return ignored;
  }

  /** Jobs of every user reported running now (not lost): the cluster-wide gauge. */
  int jobsRunning() {
    return jobs.running(clock.getAsLong());
  }

  /** All that {@code viewer} may see, as the page and the API show it. */
  JsonObject snapshot(Viewer viewer) {
    long now = clock.getAsLong();
    return new JsonObject().put("now", now).put("user", viewer.user())
        .put("allJobs", viewer.all())
        .put("workers", workers.snapshot(now))
        .put("jobs", jobs.snapshot(viewer, now))
        .put("stream", stream.snapshot(viewer, now, STREAM_SHOWN_MS, STREAM_SHOWN_SPANS))
        .put("throughput", throughput.snapshot(viewer, now))
        .put("ignored", ignored);
  }
}
