package io.taskbus.client.impl;

import io.taskbus.protocol.ProtocolException;
import io.taskbus.task.impl.ChunkRunner;
import io.taskbus.task.impl.TaskTable;
import io.taskbus.task.impl.TimerWatchdog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Runs chunks on a pool of this JVM's threads, passing arguments and results as they are. */
final class LocalTransport extends ChunkTransport {

  static final String WORKER = "local";
  /** How long a cancelled job's id is remembered, for chunks still queued. */
  private static final long CANCEL_MEMORY_MS = 60_000;

  private final Vertx vertx;
  private final WorkerExecutor executor;
  private final ChunkRunner runner;
  private final int slots;
  private final int credits;
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private int inFlight;

  LocalTransport(Vertx vertx, TaskTable tasks, int slots, int prefetch) {
    this.vertx = vertx;
    this.slots = slots;
    this.credits = slots * prefetch;
    this.executor = vertx.createSharedWorkerExecutor("taskbus-local-" + UUID.randomUUID(), slots);
    this.runner = new ChunkRunner(tasks, WORKER, new TimerWatchdog(vertx), UnaryOperator.identity());
  }

  @Override
  public boolean hasWorkers() {
    return true;
  }

  @Override
  public int slots() {
    return slots;
  }

  @Override
  public boolean hasCredit(String task) {
    return inFlight < credits;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Future<ChunkResult> send(ChunkSpec chunk) {
    inFlight++;
    List<List<Object>> args = (List<List<Object>>) chunk.args();
    return executor.executeBlocking(() -> runner.run(chunk.job(), chunk.task(), chunk.first(),
            args, chunk.timeoutMs(), () -> cancelled.contains(chunk.job())), false)
        .map(outcome -> new ChunkResult(outcome.results(), WORKER))
        .recover(e -> Future.failedFuture(e instanceof ProtocolException p
            ? Failures.of(p.info(), chunk.task(), chunk.attempt()) : e))
        .andThen(ar -> {
          inFlight--;
          fireChanged();
        });
  }

  @Override
  public void cancel(String job) {
    cancelled.add(job);
    vertx.setTimer(CANCEL_MEMORY_MS, t -> cancelled.remove(job));
  }

  @Override
  public String describe() {
    return "this JVM";
  }

  Future<Void> close() {
    return executor.close();
  }
}
