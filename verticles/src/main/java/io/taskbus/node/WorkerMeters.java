package io.taskbus.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taskbus.protocol.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code taskbus_} meters of one worker (or auth) verticle, fed by its listener: chunks
 * received, completed, failed and refused (by code), items completed, the chunks' run time
 * and their items' mean time (histograms), and logins refused (by code). Meters of the same
 * name are the node's: Micrometer hands every verticle the same one. A worker's gauges (queued
 * chunks, busy slots, slots, sessions known) carry its id and go when it stops. No label takes
 * a value a sender chose: a task name is any string, so tasks are not a label. Counters are
 * made on first use, on the verticle's event loop.
 */
final class WorkerMeters implements WorkerListener {

  private static final String CODE = "code";

  private final MeterRegistry registry;
  private final Counter received;
  private final Counter completed;
  private final Counter items;
  private final Timer chunkTime;
  private final Timer itemTime;
  private final Map<ErrorCode, Counter> failed = new EnumMap<>(ErrorCode.class);
  private final Map<ErrorCode, Counter> refused = new EnumMap<>(ErrorCode.class);
  private final Map<ErrorCode, Counter> logins = new EnumMap<>(ErrorCode.class);
  private final List<Meter> own = new ArrayList<>();

  WorkerMeters(MeterRegistry registry) {
    this.registry = registry;
    received = Counter.builder("taskbus.chunks.received")
        .description("Chunk messages that reached a worker, taken or refused")
        .register(registry);
    completed = Counter.builder("taskbus.chunks.completed")
        .description("Chunks whose items all ran").register(registry);
    items = Counter.builder("taskbus.items.completed")
        .description("Items run in completed chunks").register(registry);
    chunkTime = Timer.builder("taskbus.chunk.run")
        .description("How long a chunk's items ran on a worker")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    itemTime = Timer.builder("taskbus.item.run")
        .description("The mean time of an item, one sample per completed chunk")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(1_000))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
  }

  /** The gauges of worker {@code workerId}, read from {@code stats}; {@link #close} drops them. */
  WorkerMeters gauges(String workerId, int slots, WorkerStats stats) {
    own.add(Gauge.builder("taskbus.worker.queued.chunks", stats, WorkerStats::queued)
        .description("Chunks a worker holds that wait for a slot")
        .tag("worker", workerId).register(registry));
    own.add(Gauge.builder("taskbus.worker.busy.slots", stats, WorkerStats::busy)
        .description("A worker's slots that run a chunk now")
        .tag("worker", workerId).register(registry));
    own.add(Gauge.builder("taskbus.worker.slots", () -> slots)
        .description("A worker's slots (threads that run chunks)")
        .tag("worker", workerId).register(registry));
    own.add(Gauge.builder("taskbus.sessions.known", stats, WorkerStats::sessions)
        .description("Client sessions a worker knows (bounded)")
        .tag("worker", workerId).register(registry));
    return this;
  }

  @Override
  public void chunkTaken(ChunkRun run) {
    received.increment();
  }

  @Override
  public void chunkRefused(String task, ErrorCode code) {
    received.increment();
    count(refused, "taskbus.chunks.refused", "Chunks a worker refused, never run", code);
  }

  @Override
  public void chunkEnded(ChunkRun run) {
    if (!run.ok()) {
      count(failed, "taskbus.chunks.failed", "Chunks that failed on a worker", run.failure());
      return;
    }
    completed.increment();
    items.increment(run.items());
    chunkTime.record(run.micros(), TimeUnit.MICROSECONDS);
    if (run.items() > 0) {
      itemTime.record(run.micros() * 1_000 / run.items(), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void loginRefused(ErrorCode code) {
    count(logins, "taskbus.logins.refused", "Logins and renewals an auth node refused", code);
  }

  private void count(Map<ErrorCode, Counter> counters, String name, String description,
      ErrorCode code) {
    counters.computeIfAbsent(code, c -> Counter.builder(name).description(description)
        .tag(CODE, c.name()).register(registry)).increment();
  }

  /** Drops this worker's gauges: a stopped worker's numbers would lie. */
  void close() {
    own.forEach(registry::remove);
    own.clear();
  }
}
