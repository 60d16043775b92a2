package io.taskbus.client.impl;

import io.taskbus.client.JobInfo;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.OutputLine;
import io.taskbus.client.PoolListener;
import io.taskbus.client.Progress;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.TaskPoolException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * One map: pulls items into chunks as workers have room, keeps a bounded window of them in
 * flight, sends lost chunks again, splits chunks too large for one message, and puts every
 * result at its input index. Only the chunks in flight hold their items. All state is touched
 * only on the pool's context, so it needs no locks; every way in runs {@link #guarded}, so
 * that nothing thrown there (the caller's iterator included) leaves the job without an outcome.
 * Its {@link PoolListener}s hear each step, on the same context.
 */
final class Job implements JobInfo {

  /** The first re-send of a lost chunk goes at once; later ones wait from this, doubling. */
  static final long FIRST_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 1_600;
  /** Progress listeners hear from a running job this often. */
  static final long PROGRESS_MS = ProgressTicker.PERIOD_MS;
  /**
   * A chunk whose answers are all unsigned this many times fails: a member answering in its
   * worker's place every time is no longer luck, and neither is a worker that cannot sign.
   */
  static final int MAX_UNVERIFIED = 20;

  /** Items {@code first ..} of the job and how often they were sent and lost. */
  private static final class Chunk {
    final int first;
    List<Object> args;
    int attempts;
    /** The attempt listeners last heard it sent at: a sending at the same one is a re-send. */
    int told;
    /** Answers to it that were not signed by its worker. */
    int unverified;
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
  private final Scheduler scheduler;
  private final Promise<List<Object>> promise;
  private final ResultSink sink;
  private final JobOutput output = new JobOutput();
  private final JobListeners listeners;
  private ProgressTicker progressTicker;
  private final Deque<Chunk> ready = new ArrayDeque<>();
  private final Set<Long> timers = new HashSet<>();
  private final Runnable listener = () -> guarded(this::pump);
  private final ChunkSizer sizer;
  private int inFlight;
  private volatile long completed;
  private volatile int retried;
  private volatile long failedItems;
  private volatile long inFlightItems;
  private final long startNanos;
  private boolean done;
  private boolean started;
  private long noWorkersTimer = -1;

  Job(String id, String task, ItemSource source, JobSettings settings, ChunkTransport transport,
      Scheduler scheduler) {
    this(id, task, source, new ListSink(source.size()), settings, transport, scheduler,
        List.of());
  }

  Job(String id, String task, ItemSource source, JobSettings settings, ChunkTransport transport,
      Scheduler scheduler, List<PoolListener> listeners) {
    this(id, task, source, new ListSink(source.size()), settings, transport, scheduler,
        listeners);
  }

  Job(String id, String task, ItemSource source, ResultSink sink, JobSettings settings,
      ChunkTransport transport, Scheduler scheduler, List<PoolListener> listeners) {
    this.id = id;
    this.task = task;
    this.source = source;
    this.settings = settings;
    this.transport = transport;
    this.scheduler = scheduler;
    this.promise = scheduler.promise();
    this.sizer = new ChunkSizer(settings.chunkSize());
    this.sink = sink;
    this.startNanos = scheduler.nanoTime();
    this.listeners = new JobListeners(listeners);
  }

  /** Starts dispatching, on the pool's context. */
  Job start() {
    scheduler.execute(() -> guarded(() -> {
      tellStarted();
      transport.addListener(listener);
      source.listen(listener);
      pump();
    }));
    return this;
  }

  /** Stops dispatching and tells the workers; the outcome fails with a cancellation. */
  void cancel() {
    fail(new CancellationException("job " + id + " was cancelled"));
  }

  /** Stops dispatching and tells the workers; the outcome fails with {@code error}. */
  void fail(Throwable error) {
    scheduler.execute(() -> end(error));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String task() {
    return task;
  }

  /** When the job was made, on the scheduler's monotonic clock. */
  long startNanos() {
    return startNanos;
  }

  /** Dispatches what it can, after what is queued on the pool's context (never re-entrant). */
  void pumpLater() {
    scheduler.execute(listener);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  <R> Future<List<R>> outcome() {
    return (Future) promise.future();
  }

  /** Safe from any thread, as are the two below. */
  long completedItems() {
    return completed;
  }

  long totalItems() {
    return source.size();
  }

  int retriedChunks() {
    return retried;
  }

  /** The job's progress now; safe from any thread. */
  @Override
  public Progress progress() {
    double seconds = (scheduler.nanoTime() - startNanos) / 1e9;
    long done = completed;
    return new Progress(done, source.size(), failedItems, retried, inFlightItems,
        seconds <= 0 ? 0 : done / seconds);
  }

  /**
   * Tells {@code listener} the progress every {@link #PROGRESS_MS} while the job runs, and once
   * when it ends; on the pool's context, never from the dispatch path.
   */
  void onProgress(Handler<Progress> listener) {
    scheduler.execute(() -> {
      if (done) {
        listener.handle(progress());
        return;
      }
      if (progressTicker == null) {
        progressTicker = new ProgressTicker(this, scheduler);
        listeners.add(progressTicker);
      }
      progressTicker.add(listener);
    });
  }

  /** Tells {@code listener} each line the items wrote, in item order (those so far first). */
  void onOutput(Handler<OutputLine> listener) {
    scheduler.execute(() -> output.listen(listener));
  }

  /** The lines released so far: every item before them has its result. */
  List<OutputLine> output() {
    return output.lines();
  }

  private void tellStarted() {
    if (!started) {
      started = true;
      listeners.jobStarted(this, source.size());
    }
  }

  /** Runs {@code action}; whatever it throws ends the job with that as the cause. */
  private void guarded(Runnable action) {
    try {
      action.run();
    } catch (Throwable e) {
      end(e);
    }
  }

  private void pump() {
    if (!done && source.failure() != null) {
      end(source.failure());
    }
    if (done || finishIfComplete()) {
      return;
    }
    if (!transport.hasWorkers()) {
      awaitWorkers();
      return;
    }
    stopWaitingForWorkers();
    while (!done && windowOpen()) {
      if (!ready.isEmpty()) {
        dispatch(ready.poll());
        continue;
      }
      int room = sink.room(source.taken());
      if (room <= 0 || !source.hasReady()) {
        return; // the consumer, or the input, is behind: they call back
      }
      dispatch(nextChunk(room));
    }
  }

  private boolean windowOpen() {
    return (settings.maxChunksInFlight() == 0 || inFlight < settings.maxChunksInFlight())
        && transport.hasCredit(task);
  }

  private Chunk nextChunk(int room) {
    int first = source.taken();
    long remaining = source.size() < 0 ? -1 : source.size() - first;
    return new Chunk(first, source.take(Math.min(room,
        sizer.next(remaining, transport.slots()))));
  }

  private void dispatch(Chunk chunk) {
    inFlight++;
    int items = chunk.args.size();
    inFlightItems += items;
    chunk.attempts++;
    Future<ChunkResult> answer = transport.send(new ChunkSpec(id, task, chunk.first, chunk.args,
        settings.taskTimeoutMs(), chunk.attempts));
    // the transport says where the chunk went (null: it never left), before any answer
    String worker = transport.sentTo();
    long sentAt = scheduler.nanoTime();
    if (worker == null) {
      // never left: nothing to tell
    } else if (chunk.attempts == chunk.told) {
      listeners.chunkResent(this, worker, items, chunk.attempts);
    } else {
      chunk.told = chunk.attempts;
      listeners.chunkSent(this, worker, items, chunk.attempts);
    }
    answer.onComplete(ar -> guarded(() -> {
          inFlight--;
          inFlightItems -= items;
          if (ar.succeeded()) {
            accept(chunk, ar.result(), sentAt);
          } else {
            reject(chunk, ar.cause(), worker, items);
          }
          pump();
        }));
  }

  private void accept(Chunk chunk, ChunkResult result, long sentAt) {
    if (done || chunk.settled) {
      return;
    }
    long roundTrip = scheduler.nanoTime() - sentAt;
    listeners.chunkCompleted(this, result.worker(), chunk.args.size(), roundTrip,
        result.micros());
    if (result.results().size() != chunk.args.size()) {
      end(new TaskPoolException("worker " + result.worker() + " returned "
          + result.results().size() + " results for a chunk of " + chunk.args.size() + " items"));
      return;
    }
    chunk.settled = true;
    List<Object> values = typed(chunk, result.results());
    if (values == null) {
      return;
    }
    sizer.measured(chunk.args.size(), result.micros(), result.bytes(), roundTrip);
    output.settled(chunk.first, chunk.args.size(), result.logs());
    completed += sink.fill(chunk.first, values);
    chunk.args = null; // settled: its items need not be held any more
  }

  /** The results as the caller's type, or null when one is not: the job has ended then. */
  private List<Object> typed(Chunk chunk, List<Object> results) {
    if (settings.resultType() == Object.class) {
      return results;
    }
    List<Object> typed = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      try {
        typed.add(ResultTypes.convert(results.get(i), settings.resultType()));
      } catch (ClassCastException e) {
        end(new TaskPoolException("item " + (chunk.first + i) + " of job " + id + ": "
            + e.getMessage()));
        return null;
      }
    }
    return typed;
  }

  private void reject(Chunk chunk, Throwable error, String worker, int items) {
    if (done || chunk.settled) {
      return;
    }
    if (error instanceof TaskFailedException) {
      failedItems++;
    }
    if (worker != null) {
      listeners.chunkFailed(this, worker, items, error, willResend(chunk, error));
    }
    if (error instanceof Unverified && ++chunk.unverified >= MAX_UNVERIFIED) {
      end(new TaskPoolException("items " + chunk.first + ".." + chunk.last() + " of job " + id
          + " got " + chunk.unverified + " answers not signed by a worker of this cluster;"
          + " last: " + error.getMessage() + " (another member answers in the workers' place,"
          + " or the workers do not share this cluster's secret)"));
    } else if (error instanceof Refused) {
      chunk.attempts--; // it never ran, or we know nothing of it: this sending does not count
      ready.addFirst(chunk);
    } else if (error instanceof MessageTooLarge tooLarge) {
      split(chunk, tooLarge);
    } else if (!(error instanceof RetryableFailure
        || error instanceof TaskFailedException && settings.retryFailedTasks())) {
      end(error);
    } else if (chunk.attempts > settings.maxRetries()) {
      end(error instanceof TaskFailedException ? error : new TaskPoolException("items "
          + chunk.first + ".." + chunk.last() + " of job " + id + " were lost " + chunk.attempts
          + " times; last: " + error.getMessage()));
    } else {
      retried++;
      retryLater(chunk);
    }
  }

  /** True when {@link #reject} sends the chunk again (or its halves) rather than failing. */
  private boolean willResend(Chunk chunk, Throwable error) {
    if (error instanceof Unverified) {
      return chunk.unverified + 1 < MAX_UNVERIFIED;
    }
    if (error instanceof Refused) {
      return true;
    }
    if (error instanceof MessageTooLarge) {
      return chunk.args.size() > 1;
    }
    return (error instanceof RetryableFailure
        || error instanceof TaskFailedException && settings.retryFailedTasks())
        && chunk.attempts <= settings.maxRetries();
  }

  /** The first re-send goes at once (its worker is gone); later ones back off. */
  private void retryLater(Chunk chunk) {
    if (chunk.attempts == 1) {
      ready.add(chunk);
      return;
    }
    long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(4, chunk.attempts - 2));
    long[] timer = new long[1];
    timer[0] = scheduler.setTimer(backoff, () -> guarded(() -> {
      timers.remove(timer[0]);
      ready.add(chunk);
      pump();
    }));
    timers.add(timer[0]);
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
    Chunk second = new Chunk(chunk.first + half, List.copyOf(chunk.args.subList(half, size)));
    Chunk first = new Chunk(chunk.first, List.copyOf(chunk.args.subList(0, half)));
    // their items left once already: a half's first sending is a re-send to listeners
    second.told = 1;
    first.told = 1;
    ready.addFirst(second);
    ready.addFirst(first);
  }

  private boolean finishIfComplete() {
    if (ready.isEmpty() && inFlight == 0 && timers.isEmpty() && !source.hasMore()
        && sink.count() == source.taken()) {
      done = true;
      List<Object> list;
      try {
        cleanUp();
        tellEnded(null);
      } finally {
        list = sink.finish(source.taken());
      }
      promise.tryComplete(list);
      return true;
    }
    return false;
  }

  private void awaitWorkers() {
    if (noWorkersTimer >= 0) {
      return;
    }
    noWorkersTimer = scheduler.setTimer(Math.max(1, settings.noWorkersTimeoutMs()),
        () -> guarded(() -> {
          noWorkersTimer = -1;
          if (!transport.hasWorkers()) {
            end(new NoWorkersException("no worker on " + transport.describe() + " within "
                + settings.noWorkersTimeoutMs() + " ms"));
          }
        }));
  }

  private void stopWaitingForWorkers() {
    if (noWorkersTimer >= 0) {
      scheduler.cancelTimer(noWorkersTimer);
      noWorkersTimer = -1;
    }
  }

  private void end(Throwable error) {
    if (!done) {
      done = true;
      try {
        cleanUp();
        if (source.taken() > 0) {
          transport.cancel(id);
        }
        tellEnded(error);
      } finally {
        sink.fail(error);
        promise.tryFail(error);
      }
    }
  }

  /** Every timer and listener of the job goes with it. */
  private void cleanUp() {
    stopWaitingForWorkers();
    timers.forEach(scheduler::cancelTimer);
    timers.clear();
    ready.clear();
    transport.removeListener(listener);
    source.close();
  }

  /** The listeners hear the end (progress handlers their last progress) before the outcome. */
  private void tellEnded(Throwable error) {
    tellStarted(); // a job that failed before it started still heard its start
    listeners.jobEnded(this, progress(), error);
  }
}
