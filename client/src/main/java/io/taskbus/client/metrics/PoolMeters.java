package io.taskbus.client.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taskbus.client.JobInfo;
import io.taskbus.client.PoolListener;
import io.taskbus.client.Progress;
import io.taskbus.client.TaskFailedException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters a pool's jobs with Micrometer, the client's side of a node's {@code taskbus_} metrics.
 * Attach it to the pools of a service:
 *
 * <pre>{@code new PoolOptions().addListener(new PoolMeters(registry))}</pre>
 *
 * <ul>
 *   <li>{@code taskbus.tasks.submitted}: items sent for the first time (a chunk's first sending;
 *       a chunk a worker refused unrun, sent again, does not count twice);
 *   <li>{@code taskbus.tasks.completed}: items whose results arrived;
 *   <li>{@code taskbus.tasks.failed}: items whose task threw ({@link TaskFailedException}, one
 *       per failed chunk, retried or not: as {@link Progress#failed});
 *   <li>{@code taskbus.chunks.submitted}: chunk messages sent, re-sends included;
 *   <li>{@code taskbus.chunks.retried}: chunks sent again after their worker was lost or their
 *       task failed ({@link PoolListener#chunkSent} with an attempt over 1; a refusal, which
 *       costs no attempt, is no retry: as {@link Progress#retried});
 *   <li>{@code taskbus.chunk.latency}: a chunk's round trip as the pool saw it, from sending to
 *       its last answer (a percentile histogram);
 *   <li>{@code taskbus.jobs.running}: jobs started and not ended (a gauge).
 * </ul>
 *
 * <p>No meter has a label: task names and workers are chosen by senders or come and go, so they
 * would make series without bound (add the service's own with the registry's common tags). Every
 * {@code PoolMeters} of one registry, one per pool or one for all, counts into the same meters.
 * It allocates nothing per chunk; calls come on each pool's context, and the running count is
 * atomic, so pools on several contexts may share one.
 */
public final class PoolMeters implements PoolListener {

  /** Each registry's count of running jobs, read by its gauge (held here while it lives). */
  private static final Map<MeterRegistry, AtomicInteger> RUNNING =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Counter tasksSubmitted;
  private final Counter tasksCompleted;
  private final Counter tasksFailed;
  private final Counter chunksSubmitted;
  private final Counter chunksRetried;
  private final Timer latency;
  private final AtomicInteger running;

  /** Registers the meters in {@code registry} (or finds them there). */
  public PoolMeters(MeterRegistry registry) {
    tasksSubmitted = Counter.builder("taskbus.tasks.submitted")
        .description("Items a pool sent to workers, each once").register(registry);
    tasksCompleted = Counter.builder("taskbus.tasks.completed")
        .description("Items whose results a pool received").register(registry);
    tasksFailed = Counter.builder("taskbus.tasks.failed")
        .description("Items whose task failed (threw), retried or not").register(registry);
    chunksSubmitted = Counter.builder("taskbus.chunks.submitted")
        .description("Chunk messages a pool sent, re-sends included").register(registry);
    chunksRetried = Counter.builder("taskbus.chunks.retried")
        .description("Chunks a pool sent again after their worker was lost or their task failed")
        .register(registry);
    latency = Timer.builder("taskbus.chunk.latency")
        .description("A chunk's round trip as its pool saw it, from sending to its last answer")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    running = RUNNING.computeIfAbsent(registry, r -> {
      AtomicInteger count = new AtomicInteger();
      Gauge.builder("taskbus.jobs.running", count, AtomicInteger::get)
          .description("Jobs a pool runs now").register(r);
      return count;
    });
  }

  @Override
  public void jobStarted(JobInfo job, long total) {
    running.incrementAndGet();
  }

  @Override
  public void chunkSent(JobInfo job, String worker, int items, int attempt) {
    chunksSubmitted.increment();
    if (attempt > 1) {
      chunksRetried.increment();
    } else {
      tasksSubmitted.increment(items);
    }
  }

  @Override
  public void chunkResent(JobInfo job, String worker, int items, int attempt) {
    chunksSubmitted.increment();
  }

  @Override
  public void chunkCompleted(JobInfo job, String worker, int items, long roundTripNanos,
      long workerMicros) {
    tasksCompleted.increment(items);
    latency.record(roundTripNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void chunkFailed(JobInfo job, String worker, int items, Throwable cause,
      boolean retried) {
    if (cause instanceof TaskFailedException) {
      tasksFailed.increment();
    }
  }

  @Override
  public void jobEnded(JobInfo job, Progress progress, Throwable error) {
    running.decrementAndGet();
  }
}
