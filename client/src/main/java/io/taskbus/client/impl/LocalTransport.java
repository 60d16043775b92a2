package io.taskbus.client.impl;

import io.taskbus.protocol.ProtocolException;
import io.taskbus.shared.SharedState;
import io.taskbus.task.impl.ChunkRunner;
import io.taskbus.task.impl.DeadlineSweeper;
import io.taskbus.task.impl.KnownJobs;
import io.taskbus.task.impl.TaskTable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/** Runs chunks on a pool of this JVM's threads, passing arguments and results as they are. */
final class LocalTransport extends ChunkTransport {

  static final String WORKER = "local";
  /** Cancelled jobs remembered, for their chunks still queued. */
  private static final int JOBS_REMEMBERED = 10_000;

  private final WorkerExecutor executor;
  private final DeadlineSweeper deadlines;
  private final ChunkRunner runner;
  private final int slots;
  private final int credits;
  private final KnownJobs jobs = new KnownJobs(JOBS_REMEMBERED);
  private int inFlight;

  LocalTransport(Vertx vertx, TaskTable tasks, int slots, int prefetch, int maxMessageBytes) {
    this.slots = slots;
    this.credits = slots * prefetch;
    this.executor = vertx.createSharedWorkerExecutor("taskbus-local-" + UUID.randomUUID(), slots);
    this.deadlines = new DeadlineSweeper(vertx);
    this.runner = new ChunkRunner(tasks, WORKER, deadlines, UnaryOperator.identity(),
        maxMessageBytes / 4, SharedState.create(vertx));
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
    sentTo = WORKER;
    inFlight++;
    List<List<Object>> args = (List<List<Object>>) chunk.args();
    KnownJobs.Entry job = jobs.claim(chunk.job(), WORKER);
    // an item that ignores its time limit holds its thread, but not its chunk's answer
    Promise<ChunkResult> answer = Promise.promise();
    executor.executeBlocking(() -> runner.run(chunk.job(), chunk.task(), chunk.first(), args,
            chunk.timeoutMs(), job::cancelled, index -> answer.tryFail(new TimeoutException(
            "item " + index + " of task '" + chunk.task() + "' ignored its time limit of "
            + chunk.timeoutMs() + " ms"))), false)
        .map(outcome -> new ChunkResult(outcome.results(), outcome.logs(), WORKER, outcome.micros(), 0))
        .recover(e -> Future.failedFuture(e instanceof ProtocolException p
            ? Failures.of(p.info(), chunk.task(), chunk.attempt()) : e))
        .onComplete(ar -> {
          inFlight--;
          jobs.done(job);
          if (ar.succeeded()) {
            answer.tryComplete(ar.result());
          } else {
            answer.tryFail(ar.cause());
          }
          fireChanged();
        });
    return answer.future();
  }

  @Override
  public void cancel(String job) {
    jobs.cancel(job, WORKER);
  }

  @Override
  public String describe() {
    return "this JVM";
  }

  Future<Void> close() {
    deadlines.close();
    return executor.close();
  }
}
