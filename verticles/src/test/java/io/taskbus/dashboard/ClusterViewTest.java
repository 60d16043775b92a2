package io.taskbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The dashboard's model on a virtual clock: what it shows, to whom, and what it ignores. */
class ClusterViewTest {

  private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
  private final ClusterView view = new ClusterView(clock::get);
  private final Viewer alice = new Viewer("alice", true);
  private final Viewer bob = new Viewer("bob", false);

  private static JsonObject worker(String id) {
    return new JsonObject().put("worker", id).put("node", "node-1").put("address", "a.w." + id)
        .put("slots", 4).put("capacity", 8).put("tasks", new JsonArray().add("double"))
        .put("leaving", false).put("intervalMs", 1000);
  }

  private static JsonObject job(String id, String state, long done) {
    return new JsonObject().put("job", id).put("task", "double").put("total", 100)
        .put("done", done).put("failed", 0).put("retried", 1).put("inFlight", 10)
        .put("chunkSize", 5).put("startedAt", 1_800_000_000_000L).put("state", state)
        .put("itemsPerSecond", 50.0).put("intervalMs", 500).put("intervalItems", 25)
        .put("p50Ms", 4.0).put("p99Ms", 9.0);
  }

  private JsonArray jobs(Viewer viewer) {
    return view.snapshot(viewer).getJsonArray("jobs");
  }

  @Test
  void workers_showTheirLiveStats_defaultsForOldAnnouncements_andGoSilentThenAway() {
    view.announced(worker("w1").put("busy", 3).put("queued", 2).put("served", 40)
        .put("cpu", 0.5).put("heapUsed", 100).put("heapMax", 1000).put("state", "serving")
        .put("startedAt", 5), clock.get());
    view.announced(worker("w2"), clock.get());
    JsonArray workers = view.snapshot(bob).getJsonArray("workers");
    assertThat(workers).hasSize(2);
    JsonObject w1 = workers.getJsonObject(0);
    assertThat(w1.getInteger("busy")).isEqualTo(3);
    assertThat(w1.getInteger("queued")).isEqualTo(2);
    assertThat(w1.getDouble("cpu")).isEqualTo(0.5);
    assertThat(w1.getString("state")).isEqualTo("serving");
    assertThat(w1.containsKey("address")).as("nothing the page needs not").isFalse();
    JsonObject w2 = workers.getJsonObject(1);
    assertThat(w2.getInteger("busy")).isZero();
    assertThat(w2.getDouble("cpu")).isEqualTo(-1.0);
    clock.addAndGet(3_001);
    assertThat(view.snapshot(bob).getJsonArray("workers").getJsonObject(0).getString("state"))
        .isEqualTo("silent");
    clock.addAndGet(Workers.FORGET_MS);
    assertThat(view.snapshot(bob).getJsonArray("workers")).isEmpty();
  }

  @Test
  void workers_keepTheNewestAnnouncement_andRefuseStaleOrFutureOnes() {
    long now = clock.get();
    view.announced(worker("w1").put("busy", 2), now);
    view.announced(worker("w1").put("busy", 1), now - 1);
    view.announced(worker("w1").put("busy", 4), now + Workers.MAX_SKEW_MS + 1);
    assertThat(view.snapshot(bob).getJsonArray("workers").getJsonObject(0).getInteger("busy"))
        .isEqualTo(2);
    view.announced(worker("w2"), now - Workers.MAX_SKEW_MS - 1);
    assertThat(view.snapshot(bob).getJsonArray("workers")).hasSize(1);
  }

  @Test
  void jobs_aUserSeesOwnJobs_viewStarSeesAll_andTheUserComesFromTheSignature() {
    view.jobReported("alice", job("j1", "running", 10), 1, 1);
    view.jobReported("bob", job("j2", "running", 20).put("user", "alice"), 1, 1);
    assertThat(jobs(alice)).hasSize(2);
    assertThat(jobs(bob)).hasSize(1);
    JsonObject bobs = jobs(bob).getJsonObject(0);
    assertThat(bobs.getString("user")).isEqualTo("bob");
    assertThat(bobs.getString("job")).isEqualTo("j2");
    assertThat(bobs.getDouble("itemsPerSecond")).isEqualTo(50.0); // 25 items in 500 ms
    assertThat(bobs.getDouble("etaSeconds")).isEqualTo(80 / 50.0);
    // another user's report cannot touch bob's job of the same id
    view.jobReported("alice", job("j2", "failed", 0), 2, 2);
    assertThat(jobs(bob).getJsonObject(0).getString("state")).isEqualTo("running");
  }

  @Test
  void jobs_newestReportWins_endedJobsStayEnded_quietRunningOnesAreLost() {
    view.jobReported("bob", job("j1", "running", 10), 10, 3);
    view.jobReported("bob", job("j1", "running", 5), 9, 4);
    assertThat(jobs(bob).getJsonObject(0).getLong("done")).isEqualTo(10);
    view.historyRecord("bob", job("j1", "done", 100).put("endedAt", 1), 11, 5);
    view.jobReported("bob", job("j1", "running", 50), 12, 6);
    assertThat(jobs(bob).getJsonObject(0).getString("state")).isEqualTo("done");
    view.jobReported("bob", job("j2", "running", 1), 1, 1);
    view.jobReported("alice", job("j3", "running", 1), 1, 1);
    assertThat(view.jobsRunning()).isEqualTo(2); // every user's: the gauge is the cluster's
    clock.addAndGet(Jobs.STALE_MS + 1);
    assertThat(jobs(bob).getJsonObject(0).getString("state")).isEqualTo("lost");
    assertThat(view.jobsRunning()).isZero();
  }

  @Test
  void jobs_aFailedJobShowsItsErrorItemAndOutput() {
    view.historyRecord("bob", job("j1", "failed", 3).put("error", new JsonObject()
        .put("type", "java.lang.IllegalStateException").put("message", "boom").put("item", 3)
        .put("output", new JsonArray().add("line 1").add("line 2"))), 1, 1);
    JsonObject error = jobs(bob).getJsonObject(0).getJsonObject("error");
    assertThat(error.getString("message")).isEqualTo("boom");
    assertThat(error.getLong("item")).isEqualTo(3);
    assertThat(error.getJsonArray("output")).containsExactly("line 1", "line 2");
  }

  @Test
  void jobs_areBounded_droppingTheOldestEndedFirst() {
    view.jobReported("bob", job("running", "running", 1), 1, 1);
    for (int i = 0; i < Jobs.MAX_JOBS + 10; i++) {
      clock.incrementAndGet();
      view.historyRecord("bob", job("j" + i, "done", 100), 1, 1);
    }
    JsonArray all = jobs(bob);
    assertThat(all).hasSize(Jobs.MAX_JOBS);
    assertThat(all.getJsonObject(0).getString("job")).isEqualTo("running");
  }

  @Test
  void garbage_isCountedAndIgnored_neverThrown() {
    view.announced(new JsonObject(), clock.get());
    view.announced(worker("w1").put("slots", "four"), clock.get());
    view.announced(worker("w1").put("busy", -1), clock.get());
    view.announced(worker("w1").put("cpu", Double.NaN), clock.get());
    view.announced(worker("x".repeat(201)), clock.get());
    view.announced(worker("w1").put("state", "<script>"), clock.get());
    view.announced(worker("w1").put("tasks", new JsonArray().add(new JsonObject())),
        clock.get());
    view.jobReported("bob", new JsonObject(), 1, 1);
    view.jobReported("bob", job("j1", "exploded", 1), 1, 1);
    view.jobReported("bob", job("j1", "running", 1).put("done", 1.5), 1, 1);
    view.jobReported("bob", job("j1", "running", 1).put("total", -2), 1, 1);
    view.jobReported("bob", job("j1", "running", 1).put("error", "oops"), 1, 1);
    view.jobReported("bob", job("j1", "running", 1).put("error", new JsonObject()
        .put("output", new JsonArray().add(1))), 1, 1);
    view.streamBatch(new JsonObject().put("worker", "w1").put("spans", "many"), clock.get());
    view.streamBatch(new JsonObject().put("worker", "w1").put("slots", 2).put("spans",
        new JsonArray().add(span(5, 0, 10))), clock.get());
    JsonObject snapshot = view.snapshot(alice);
    assertThat(snapshot.getJsonArray("workers")).isEmpty();
    assertThat(snapshot.getJsonArray("jobs")).isEmpty();
    assertThat(snapshot.getJsonObject("stream").getJsonArray("spans")).isEmpty();
    assertThat(snapshot.getLong("ignored")).isEqualTo(15);
  }

  private JsonObject span(int slot, long start, long end) {
    long base = clock.get() - 10_000;
    return new JsonObject().put("slot", slot).put("job", "j1").put("user", "alice")
        .put("task", "double").put("items", 16).put("start", base + start)
        .put("end", base + end).put("ok", true);
  }

  @Test
  void taskStream_laysSpansOnLanesPerWorkerSlot_hidesOthersJobs_andDropsReplays() {
    JsonObject batch = new JsonObject().put("worker", "worker-1").put("node", "node-1")
        .put("slots", 2).put("spans", new JsonArray().add(span(0, 0, 100))
            .add(span(1, 50, 150)).add(span(0, 200, 300).put("ok", false)));
    view.streamBatch(batch, clock.get());
    view.streamBatch(batch, clock.get()); // a replay
    JsonObject stream = view.snapshot(alice).getJsonObject("stream");
    assertThat(stream.getJsonArray("lanes")).containsExactly("node-1 worker-1 #000",
        "node-1 worker-1 #001");
    JsonArray spans = stream.getJsonArray("spans");
    assertThat(spans).hasSize(3);
    assertThat(spans.getJsonObject(1).getInteger("lane")).isEqualTo(1);
    assertThat(spans.getJsonObject(2).getBoolean("ok")).isFalse();
    assertThat(spans.getJsonObject(0).getString("task")).isEqualTo("double");
    JsonObject bobs = view.snapshot(bob).getJsonObject("stream").getJsonArray("spans")
        .getJsonObject(0);
    assertThat(bobs.containsKey("task")).isFalse();
    assertThat(bobs.containsKey("user")).isFalse();
    clock.addAndGet(TaskStream.WINDOW_MS + 10_000);
    assertThat(view.snapshot(alice).getJsonObject("stream").getJsonArray("spans")).isEmpty();
  }

  @Test
  void throughput_sumsTheVisibleJobsRates_perSecond_withTheirLatencies() {
    view.jobReported("alice", job("j1", "running", 10), 1, 1);
    view.jobReported("bob", job("j2", "running", 10).put("p99Ms", 20.0), 1, 1);
    clock.addAndGet(500);
    view.jobReported("bob", job("j2", "running", 35), 2, 2);
    JsonArray all = view.snapshot(alice).getJsonArray("throughput");
    assertThat(all).hasSize(1);
    assertThat(all.getJsonObject(0).getDouble("itemsPerSecond")).isEqualTo(100.0);
    assertThat(all.getJsonObject(0).getDouble("p99Ms")).isEqualTo(20.0);
    JsonArray bobs = view.snapshot(bob).getJsonArray("throughput");
    assertThat(bobs.getJsonObject(0).getDouble("itemsPerSecond")).isEqualTo(50.0);
    clock.addAndGet(Throughput.WINDOW_MS + 2_000);
    assertThat(view.snapshot(alice).getJsonArray("throughput")).isEmpty();
  }

  @Test
  void snapshot_neverCarriesTokensOrArguments() {
    view.jobReported("alice", job("j1", "running", 1).put("args", new JsonArray().add(42))
        .put("authorization", "Bearer x"), 1, 1);
    String text = view.snapshot(alice).encode();
    assertThat(text).doesNotContain("args").doesNotContain("Bearer");
  }
}
