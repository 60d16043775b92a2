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
 * One map: pulls items into chunks as workers have room, keeps a bounded window of them in
 * flight, sends lost chunks again, splits chunks too large for one message, and puts every
 * result at its input index. Only the chunks in flight hold their items. All state is touched
 * only on the pool's context, so it needs no locks.
 */
final class Job {

  /** Items {@code first ..} of the job and how often they were sent. */
  private static final class Chunk {
    final int first;
    List<Object> args;
    int attempts;
    boolean settled;

    Chunk(int first, List<Object> args) {
      this.first = first;
      this.args = args;
    }

    int last() {
      return first + args.size() - 1;
    }
  }

  private final String id;
  private final String task;
  private final ItemSource source;
  private final JobSettings settings;
  private final ChunkTransport transport;
  private final Context context;
  private final Promise<List<Object>> promise = Promise.promise();
  private final OrderedResults results;
  private final Deque<Chunk> retries = new ArrayDeque<>();
  private final Runnable listener = this::pump;
  private int chunkSize;
  private int inFlight;
  private volatile int completed;
  private volatile int retried;
  private boolean done;
  private long noWorkersTimer = -1;

  Job(String id, String task, ItemSource source, JobSettings settings, ChunkTransport transport,
      Context context) {
    this.id = id;
    this.task = task;
    this.source = source;
    this.settings = settings;
    this.transport = transport;
    this.context = context;
    this.results = new OrderedResults((int) Math.min(source.size(), 1 << 20));
  }

  /** Starts dispatching, on the pool's context. */
  Job start() {
    context.runOnContext(v -> {
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
    return source.size();
  }

  int retriedChunks() {
    return retried;
  }

  private void pump() {
    if (done || finishIfComplete()) {
      return;
    }
    if (!transport.hasWorkers()) {
      awaitWorkers();
      return;
    }
    stopWaitingForWorkers();
    if (chunkSize == 0) {
      chunkSize = source.size() >= 0
          ? ChunkPlanner.chunkSize(settings.chunkSize(), source.size(), transport.slots())
          : ChunkPlanner.streamChunkSize(settings.chunkSize());
    }
    while (!done && windowOpen() && (!retries.isEmpty() || source.hasMore())) {
      Chunk chunk = retries.isEmpty() ? nextChunk() : retries.poll();
      if (chunk != null) {
        dispatch(chunk);
      }
    }
  }

  private boolean windowOpen() {
    return (settings.maxChunksInFlight() == 0 || inFlight < settings.maxChunksInFlight())
        && transport.hasCredit(task);
  }

  private Chunk nextChunk() {
    try {
      int first = source.taken();
      return new Chunk(first, source.take(chunkSize));
    } catch (RuntimeException e) { // bad input, or the caller's iterator failed
      end(e);
      return null;
    }
  }

  private void dispatch(Chunk chunk) {
    inFlight++;
    if (chunk.attempts > 0) {
      retried++;
    }
    chunk.attempts++;
    transport.send(new ChunkSpec(id, task, chunk.first, chunk.args, settings.taskTimeoutMs(),
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
    if (result.results().size() != chunk.args.size()) {
      end(new TaskPoolException("worker " + result.worker() + " returned "
          + result.results().size() + " results for a chunk of " + chunk.args.size() + " items"));
      return;
    }
    chunk.settled = true;
    completed += results.fill(chunk.first, result.results());
    chunk.args = null; // settled: its items need not be held any more
  }

  private void reject(Chunk chunk, Throwable error) {
    if (done || chunk.settled) {
      return;
    }
    if (error instanceof MessageTooLarge tooLarge) {
      split(chunk, tooLarge);
      return;
    }
    boolean retryable = error instanceof RetryableFailure
        || error instanceof TaskFailedException && settings.retryFailedTasks();
    if (!retryable) {
      end(error);
    } else if (chunk.attempts > settings.maxRetries()) {
      end(error instanceof TaskFailedException ? error : new TaskPoolException("items "
          + chunk.first + ".." + chunk.last() + " of job " + id + " were lost " + chunk.attempts
          + " times; last: " + error.getMessage()));
    } else {
      // the first re-send goes at once (its worker is gone); later ones back off
      long backoff = chunk.attempts == 1 ? 0
          : Math.min(2_000, 100L << Math.min(4, chunk.attempts - 2));
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

  /** Halves a chunk that does not fit in a message; a single item that does not fit fails. */
  private void split(Chunk chunk, MessageTooLarge tooLarge) {
    int size = chunk.args.size();
    if (size == 1) {
      end(new IllegalArgumentException("item " + chunk.first + " of job " + id + ": "
          + tooLarge.getMessage()));
      return;
    }
    int half = size / 2;
    retries.addFirst(new Chunk(chunk.first + half, List.copyOf(chunk.args.subList(half, size))));
    retries.addFirst(new Chunk(chunk.first, List.copyOf(chunk.args.subList(0, half))));
  }

  private boolean finishIfComplete() {
    if (!source.hasMore() && retries.isEmpty() && inFlight == 0
        && results.count() == source.taken()) {
      done = true;
      cleanUp();
      promise.tryComplete(results.toList(source.taken()));
      return true;
    }
    return false;
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

  private void end(Throwable error) {
    if (!done) {
      done = true;
      cleanUp();
      if (source.taken() > 0) {
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
