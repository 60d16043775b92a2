package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskbus.client.PoolListener;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.metrics.PoolMeters;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link PoolMeters} driven by jobs on a virtual clock over a fake transport. */
class PoolMetersTest {

  private final VirtualScheduler clock = new VirtualScheduler();
  private final FakeTransport transport = new FakeTransport();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final PoolListener meters = new PoolMeters(registry);

  private Job start(String id, int n, int chunkSize, PoolOptions options) {
    ItemSource source = new ItemSource(IntStream.range(0, n).boxed().iterator(), n, false,
        UnaryOperator.identity());
    Job job = new Job(id, "double", source, JobSettings.of(options, chunkSize), transport,
        clock, List.of(meters)).start();
    clock.runQueued();
    return job;
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  private double running() {
    return registry.get("taskbus.jobs.running").gauge().value();
  }

  @Test
  void aJobsItemsChunksRetriesAndLatency_areCounted_eachItemSubmittedOnce() {
    Job job = start("job-1", 8, 2, new PoolOptions().setMaxRetries(2));
    assertThat(running()).isEqualTo(1);
    assertThat(count("taskbus.tasks.submitted")).isEqualTo(8);
    assertThat(count("taskbus.chunks.submitted")).isEqualTo(4);

    transport.sent.get(0).promise().fail(new RetryableFailure("worker w was lost"));
    clock.runQueued(); // sent again at once, attempt 2: a retry, no new items
    transport.sent.get(1).promise().fail(new Refused("worker w is full"));
    clock.runQueued(); // sent again at no cost: neither a retry nor new items
    assertThat(count("taskbus.chunks.retried")).isEqualTo(1);
    assertThat(count("taskbus.chunks.submitted")).isEqualTo(6);
    assertThat(count("taskbus.tasks.submitted")).isEqualTo(8);

    clock.advance(40);
    transport.pending().forEach(FakeTransport.Sent::doubled);
    assertThat(job.outcome().succeeded()).isTrue();
    assertThat(count("taskbus.tasks.completed")).isEqualTo(8);
    assertThat(count("taskbus.tasks.failed")).isZero();
    Timer latency = registry.get("taskbus.chunk.latency").timer();
    assertThat(latency.count()).isEqualTo(4);
    assertThat(latency.max(TimeUnit.MILLISECONDS)).isEqualTo(40);
    assertThat(running()).isZero();
  }

  @Test
  void aFailedTask_isCounted_andTwoJobsRunAtOnce() {
    Job first = start("job-1", 2, 1, new PoolOptions());
    Job second = start("job-2", 1, 1, new PoolOptions());
    assertThat(running()).isEqualTo(2);
    transport.sent.get(0).promise().fail(new TaskFailedException(0, "double", "x.Boom", "boom",
        null, "w"));
    clock.runQueued();
    assertThat(first.outcome().failed()).isTrue();
    assertThat(count("taskbus.tasks.failed")).isEqualTo(1);
    assertThat(running()).isEqualTo(1);
    transport.pending().forEach(FakeTransport.Sent::doubled);
    assertThat(second.outcome().succeeded()).isTrue();
    assertThat(running()).isZero();
  }

  @Test
  void severalPoolMeters_ofOneRegistry_countIntoTheSameMeters() {
    new PoolMeters(registry);
    start("job-1", 2, 2, new PoolOptions());
    assertThat(running()).isEqualTo(1);
    assertThat(registry.find("taskbus.jobs.running").gauges()).hasSize(1);
  }
}
