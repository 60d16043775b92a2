package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskFailedException;
import io.taskbus.protocol.LogLine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The job reporter over a fake transport and a recording outlet, on a virtual clock. */
class JobReporterTest {

  private final VirtualScheduler clock = new VirtualScheduler();
  private final FakeTransport transport = new FakeTransport();
  private final List<JsonObject> live = new ArrayList<>();
  private final List<JsonObject> history = new ArrayList<>();
  private final JobReporter reporter = new JobReporter(clock, new JobReporter.Outlet() {
    @Override
    public void live(JsonObject record) {
      live.add(record);
    }

    @Override
    public Future<Void> history(JsonObject record) {
      history.add(record);
      return Future.succeededFuture();
    }
  });

  private Job start(int n, int chunkSize) {
    ItemSource source = new ItemSource(IntStream.range(0, n).boxed().iterator(), n, false,
        UnaryOperator.identity());
    Job job = new Job("job-1", "double", source, JobSettings.of(new PoolOptions(), chunkSize),
        transport, clock, List.of(reporter)).start();
    clock.runQueued();
    return job;
  }

  @Test
  void aShortJob_sendsNothing_andWritesNoHistory() {
    Job job = start(2, 1);
    clock.advance(JobReporter.INTERVAL_MS - 1);
    transport.sent.forEach(FakeTransport.Sent::doubled);
    assertThat(job.outcome().succeeded()).isTrue();
    clock.advance(10 * JobReporter.INTERVAL_MS);
    assertThat(live).isEmpty();
    assertThat(history).isEmpty();
  }

  @Test
  void aLongJob_isSentLiveEachInterval_thenKeptInTheHistory() {
    transport.credits = 2;
    Job job = start(8, 2);
    clock.advance(100);
    transport.sent.get(0).doubled(); // 100 ms round trip
    clock.advance(JobReporter.INTERVAL_MS - 100);
    assertThat(live).hasSize(1);
    JsonObject first = live.get(0);
    assertThat(first.getString("job")).isEqualTo("job-1");
    assertThat(first.getString("task")).isEqualTo("double");
    assertThat(first.getString("state")).isEqualTo("running");
    assertThat(first.getLong("total")).isEqualTo(8);
    assertThat(first.getLong("done")).isEqualTo(2);
    assertThat(first.getLong("inFlight")).isEqualTo(4);
    assertThat(first.getInteger("chunkSize")).isEqualTo(2);
    assertThat(first.getLong("intervalItems")).isEqualTo(2);
    assertThat(first.getDouble("p50Ms")).isCloseTo(100, within(25.0));
    assertThat(first.getLong("startedAt")).isEqualTo(1_800_000_000_000L);
    assertThat(first.encode()).doesNotContain("args");
    transport.pending().forEach(FakeTransport.Sent::doubled);
    clock.advance(JobReporter.INTERVAL_MS);
    transport.pending().forEach(FakeTransport.Sent::doubled);
    assertThat(job.outcome().succeeded()).isTrue();
    JsonObject last = history.get(0);
    assertThat(history).hasSize(1);
    assertThat(live.get(live.size() - 1)).isEqualTo(last);
    assertThat(last.getString("state")).isEqualTo("done");
    assertThat(last.getLong("done")).isEqualTo(8);
    assertThat(last.getLong("endedAt")).isEqualTo(1_800_000_001_000L);
    clock.advance(10 * JobReporter.INTERVAL_MS);
    assertThat(history).hasSize(1);
  }

  @Test
  void aFailedJob_keepsItsErrorAndItem_withTheItemsOutput() {
    Job job = start(4, 2);
    transport.sent.get(0).promise().complete(new ChunkResult(List.of(0, 2),
        List.of(new LogLine(1, "before the failure")), "w", 0, 0));
    clock.advance(JobReporter.INTERVAL_MS);
    transport.sent.get(1).promise().fail(new TaskFailedException(1, "double",
        "java.lang.IllegalStateException", "boom", "stack", "w"));
    clock.runQueued();
    assertThat(job.outcome().failed()).isTrue();
    JsonObject record = history.get(0);
    assertThat(record.getString("state")).isEqualTo("failed");
    JsonObject error = record.getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.getString("message")).isEqualTo("boom");
    assertThat(error.getLong("item")).isEqualTo(1);
    assertThat(error.getJsonArray("output")).containsExactly("before the failure");
    assertThat(record.encode()).doesNotContain("stack");
  }

  @Test
  void aFailedItemsOwnOutput_sentWithItsFailure_isKeptInTheRecord() {
    Job job = start(2, 2);
    clock.advance(JobReporter.INTERVAL_MS);
    transport.sent.get(0).promise().fail(new TaskFailedException(1, "double",
        "java.lang.IllegalStateException", "boom", "stack", List.of(), "w", 1,
        List.of("step 1", "step 2")));
    clock.runQueued();
    assertThat(job.outcome().failed()).isTrue();
    assertThat(history.get(0).getJsonObject("error").getJsonArray("output"))
        .containsExactly("step 1", "step 2");
  }

  @Test
  void aCancelledJob_isRecordedAsCancelled_withoutAnError() {
    Job job = start(4, 1);
    clock.advance(JobReporter.INTERVAL_MS);
    job.cancel();
    clock.runQueued();
    assertThat(history.get(0).getString("state")).isEqualTo("cancelled");
    assertThat(history.get(0).containsKey("error")).isFalse();
  }

  @Test
  void latencyWindow_readsPercentilesWithinItsBucketFactor() {
    LatencyWindow window = new LatencyWindow();
    assertThat(window.percentileMs(0.5)).isNaN();
    for (int i = 1; i <= 100; i++) {
      window.record(i * 1_000_000L);
    }
    assertThat(window.percentileMs(0.5)).isCloseTo(50, within(12.0));
    assertThat(window.percentileMs(0.99)).isCloseTo(99, within(22.0));
    window.record(Long.MAX_VALUE);
    window.record(0);
    assertThat(window.count()).isEqualTo(102);
    window.reset();
    assertThat(window.count()).isZero();
    for (int b = 1; b < 63; b++) {
      assertThat(LatencyWindow.bucket((long) LatencyWindow.lowerBound(b))).isEqualTo(b);
    }
  }
}
