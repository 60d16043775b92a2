package io.taskbus.client.impl;

import io.taskbus.client.NoWorkersException;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.TaskPoolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * One map: cuts the items into chunks, keeps a bounded window of them in flight on workers with
 * room, sends lost chunks again, and puts every result at its input index. All state is touched
 * only on the pool's context, so it needs no locks.
 */
final class Job {

  /** A chunk of the job and how often it was sent. */
  private static final class Chunk {
    final int first;
    final int size;
    int attempts;
    boolean settled;

    Chunk(int first, int size) {
      this.first = first;
      this.size = size;
    }
  }

  private final String id;
  private final String task;
  private final List<?> items;
  private final JobSettings settings;
  private final ChunkTransport transport;
  private final Context context;
  private final Promise<List<Object>> promise = Promise.promise();
  private final OrderedResults results;
  private final Deque<Chunk> retries = new ArrayDeque<>();
  private final Runnable listener = this::pump;
  private int chunkSize;
  private int next;
  private int inFlight;
  private volatile int completed;
  private volatile int retried;
  private boolean done;
  private long noWorkersTimer = -1;

  Job(String id, String task, List<?> items, JobSettings settings, ChunkTransport transport,
      Context context) {
    this.id = id;
    this.task = task;
    this.items = items;
    this.settings = settings;
    this.transport = transport;
    this.context = context;
    this.results = new OrderedResults(items.size());
  }

  /** Starts dispatching, on the pool's context. */
  Job start() {
    context.runOnContext(v -> {
      if (items.isEmpty()) {
        finish();
        return;
      }
      transport.addListener(listener);
      pump();
    });
    return this;
  }

  /** Stops dispatching and tells the workers; the outcome fails with a cancellation. */
  void cancel() {
    fail(new CancellationException("job " + id + " was cancelled"));
  }

  /** Stops dispatching and tells the workers; the outcome fails with {@code error}. */
  void fail(Throwable error) {
    context.runOnContext(v -> end(error));
  }

  String id() {
    return id;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  <R> Future<List<R>> outcome() {
    return (Future) promise.future();
  }

  long completedItems() {
    return completed;
  }

  long totalItems() {
    return items.size();
  }

  int retriedChunks() {
    return retried;
  }

  private void pump() {
    if (done) {
      return;
    }
    if (!transport.hasWorkers()) {
      awaitWorkers();
      return;
    }
    stopWaitingForWorkers();
    if (chunkSize == 0) {
      chunkSize = ChunkPlanner.chunkSize(settings.chunkSize(), items.size(), transport.slots());
    }
    while (!done && windowOpen() && (!retries.isEmpty() || next < items.size())) {
      dispatch(retries.isEmpty() ? nextChunk() : retries.poll());
    }
  }

  private boolean windowOpen() {
    return (settings.maxChunksInFlight() == 0 || inFlight < settings.maxChunksInFlight())
        && transport.hasCredit(task);
  }

  private Chunk nextChunk() {
    Chunk chunk = new Chunk(next, Math.min(chunkSize, items.size() - next));
    next += chunk.size;
    return chunk;
  }

  private void dispatch(Chunk chunk) {
    inFlight++;
    if (chunk.attempts > 0) {
      retried++;
    }
    chunk.attempts++;
    List<?> args = items.subList(chunk.first, chunk.first + chunk.size);
    transport.send(new ChunkSpec(id, task, chunk.first, args, settings.taskTimeoutMs(),
            chunk.attempts))
        .onComplete(ar -> {
          inFlight--;
          if (ar.succeeded()) {
            accept(chunk, ar.result());
          } else {
            reject(chunk, ar.cause());
          }
          pump();
        });
  }

  private void accept(Chunk chunk, ChunkResult result) {
    if (done || chunk.settled) {
      return;
    }
    if (result.results().size() != chunk.size) {
      end(new TaskPoolException("worker " + result.worker() + " returned "
          + result.results().size() + " results for a chunk of " + chunk.size + " items"));
      return;
    }
    chunk.settled = true;
    completed += results.fill(chunk.first, result.results());
    if (results.complete()) {
      finish();
    }
  }

  private void reject(Chunk chunk, Throwable error) {
    if (done || chunk.settled) {
      return;
    }
    boolean retryable = error instanceof RetryableFailure
        || error instanceof TaskFailedException && settings.retryFailedTasks();
    if (!retryable) {
      end(error);
    } else if (chunk.attempts > settings.maxRetries()) {
      end(error instanceof TaskFailedException ? error : new TaskPoolException("items " + chunk.first + ".." + (chunk.first + chunk.size - 1)
          + " of job " + id + " were lost " + chunk.attempts + " times; last: "
          + error.getMessage()));
    } else {
      // the first re-send goes at once (its worker is gone); later ones back off
      long backoff = chunk.attempts == 1 ? 0 : Math.min(2_000, 100L << Math.min(4, chunk.attempts - 2));
      if (backoff == 0) {
        retries.add(chunk);
      } else {
        context.owner().setTimer(backoff, t -> {
          retries.add(chunk);
          pump();
        });
      }
    }
  }

  private void awaitWorkers() {
    if (noWorkersTimer >= 0) {
      return;
    }
    noWorkersTimer = context.owner().setTimer(Math.max(1, settings.noWorkersTimeoutMs()), t -> {
      noWorkersTimer = -1;
      if (!transport.hasWorkers()) {
        end(new NoWorkersException("no worker on " + transport.describe() + " within "
            + settings.noWorkersTimeoutMs() + " ms"));
      }
    });
  }

  private void stopWaitingForWorkers() {
    if (noWorkersTimer >= 0) {
      context.owner().cancelTimer(noWorkersTimer);
      noWorkersTimer = -1;
    }
  }

  private void finish() {
    if (!done) {
      done = true;
      cleanUp();
      promise.tryComplete(results.toList());
    }
  }

  private void end(Throwable error) {
    if (!done) {
      done = true;
      cleanUp();
      if (next > 0) {
        transport.cancel(id);
      }
      promise.tryFail(error);
    }
  }

  private void cleanUp() {
    stopWaitingForWorkers();
    transport.removeListener(listener);
  }
}
