package io.taskbus.client.impl;

import io.taskbus.client.JobOptions;
import io.taskbus.client.MapResult;
import io.taskbus.client.PoolListener;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.ResultStream;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskPoolException;
import io.taskbus.client.TaskResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every pool does with a call: check it (a whole collection before anything is sent, so
 * bad input fails at the call; off the event loop when called from one), start a {@link Job}
 * that prepares items for the transport as it pulls them, and Python's lifecycle: close lets
 * running jobs finish, terminate fails them, join waits for the pool to let go.
 */
abstract class AbstractPool implements TaskPool {

  protected final Context context;
  protected final PoolOptions options;
  private final Scheduler scheduler;
  private final ChunkTransport transport;
  /**
   * Every job's listeners: the options' first, then the pool's own (its log line, reports, and
   * {@code PoolMeters} when its Vert.x meters with Micrometer: {@link VertxMeters}).
   */
  private final List<PoolListener> listeners;
  private final Set<Job> running = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean releasing = new AtomicBoolean();
  /**
   * Job ids: this pool's random prefix and a count. Unique like a UUID each, but without a
   * SecureRandom draw per job, which costs an apply microseconds on its way out.
   */
  private final String jobIds = UUID.randomUUID() + "-";
  private final AtomicLong jobCount = new AtomicLong();
  private final Promise<Void> released = Promise.promise();
  private volatile boolean closed;

  AbstractPool(Context context, PoolOptions options, ChunkTransport transport) {
    this(context, options, transport, List.of());
  }

  /** @param own listeners of the pool's own, after the options' and the job log line */
  AbstractPool(Context context, PoolOptions options, ChunkTransport transport,
      List<PoolListener> own) {
    this.context = context;
    this.scheduler = Scheduler.of(context);
    this.options = new PoolOptions(options);
    this.transport = transport;
    List<PoolListener> all = new ArrayList<>(this.options.getListeners());
    all.add(new JobLog(scheduler));
    all.addAll(own);
    PoolListener meters = VertxMeters.of(context.owner(), this.options);
    if (meters != null) {
      all.add(meters);
    }
    this.listeners = List.copyOf(all);
  }

  /** One argument as the transport carries it. */
  protected abstract Object prepare(Object arg);

  /** Checks a value (an argument, or a list of them) without preparing it; throws what prepare would. */
  protected abstract void check(Object value);

  /** Lets go of what the pool holds (consumers, the session, threads); called once. */
  protected abstract Future<Void> release();

  @Override
  public <R> MapResult<R> mapAsync(String task, Iterable<?> items, int chunkSize) {
    return mapAsync(task, items, chunkOptions(chunkSize));
  }

  @Override
  public <R> MapResult<R> mapAsync(String task, Iterator<?> items, int chunkSize) {
    return mapAsync(task, items, chunkOptions(chunkSize));
  }

  @Override
  public <R> MapResult<R> starmapAsync(String task, Iterable<? extends List<?>> argLists,
      int chunkSize) {
    return starmapAsync(task, argLists, chunkOptions(chunkSize));
  }

  @Override
  public <R> MapResult<R> starmapAsync(String task, Iterator<? extends List<?>> argLists,
      int chunkSize) {
    return starmapAsync(task, argLists, chunkOptions(chunkSize));
  }

  @Override
  public <R> MapResult<R> mapAsync(String task, Iterable<?> items, JobOptions options) {
    return iterable(task, items, false, options, this::listJob);
  }

  @Override
  public <R> MapResult<R> mapAsync(String task, Iterator<?> items, JobOptions options) {
    checkCall(task, items, options);
    return listJob(task, items, -1, false, options, Future.succeededFuture());
  }

  @Override
  public <R> MapResult<R> starmapAsync(String task, Iterable<? extends List<?>> argLists,
      JobOptions options) {
    return iterable(task, argLists, true, options, this::listJob);
  }

  @Override
  public <R> MapResult<R> starmapAsync(String task, Iterator<? extends List<?>> argLists,
      JobOptions options) {
    checkCall(task, argLists, options);
    return listJob(task, argLists, -1, true, options, Future.succeededFuture());
  }

  @Override
  public <R> TaskResult<R> applyAsync(String task, List<?> args, JobOptions options) {
    checkCall(task, args, options);
    checkItem(0, args);
    Iterator<List<?>> one = List.<List<?>>of(args).iterator();
    return new TaskResultImpl<>(start(task, new ItemSource(one, 1, true, this::prepare), null,
        options, Future.succeededFuture()));
  }

  @Override
  public <R> ResultStream<R> imap(String task, Iterator<?> items, JobOptions options) {
    return stream(task, items, false, true, options);
  }

  @Override
  public <R> ResultStream<R> imap(String task, ReadStream<?> items, JobOptions options) {
    return stream(task, items, false, true, options);
  }

  @Override
  public <R> ResultStream<R> imapUnordered(String task, Iterator<?> items, JobOptions options) {
    return stream(task, items, false, false, options);
  }

  @Override
  public <R> ResultStream<R> imapUnordered(String task, ReadStream<?> items,
      JobOptions options) {
    return stream(task, items, false, false, options);
  }

  @Override
  public <R> ResultStream<R> istarmap(String task, Iterator<? extends List<?>> argLists,
      JobOptions options) {
    return stream(task, argLists, true, true, options);
  }

  @Override
  public <R> ResultStream<R> istarmap(String task, ReadStream<? extends List<?>> argLists,
      JobOptions options) {
    return stream(task, argLists, true, true, options);
  }

  @Override
  public <R> ResultStream<R> istarmapUnordered(String task,
      Iterator<? extends List<?>> argLists, JobOptions options) {
    return stream(task, argLists, true, false, options);
  }

  @Override
  public <R> ResultStream<R> istarmapUnordered(String task,
      ReadStream<? extends List<?>> argLists, JobOptions options) {
    return stream(task, argLists, true, false, options);
  }

  @Override
  public void close() {
    closed = true;
    releaseIfIdle();
  }

  @Override
  public Future<Void> join() {
    if (!closed) {
      return Future.failedFuture(new IllegalStateException(
          "the pool is still open: close() or terminate() it before join()"));
    }
    return released.future();
  }

  @Override
  public Future<Void> terminate() {
    closed = true;
    for (Job job : List.copyOf(running)) {
      job.fail(new TaskPoolException("the pool was terminated while job " + job.id() + " ran"));
    }
    // after the jobs' ends on the pool's context: none may dispatch to a released transport
    scheduler.execute(this::releaseNow);
    return released.future();
  }

  /** A starting job's shape, for the two kinds of result. */
  private interface Starter<T> {
    T start(String task, Iterator<?> items, long size, boolean argLists, JobOptions options,
        Future<Void> checked);
  }

  private <T> T iterable(String task, Iterable<?> items, boolean argLists, JobOptions options,
      Starter<T> starter) {
    checkCall(task, items, options);
    if (!(items instanceof Collection<?> all)) {
      return starter.start(task, items.iterator(), -1, argLists, options,
          Future.succeededFuture());
    }
    if (!Context.isOnEventLoopThread()) {
      checkAll(all, argLists); // bad input fails at the call
      return starter.start(task, all.iterator(), all.size(), argLists, options,
          Future.succeededFuture());
    }
    // a large collection would hold the event loop: checked on a worker thread, then started
    Future<Void> checked = context.executeBlocking(() -> {
      checkAll(all, argLists);
      return null;
    });
    return starter.start(task, all.iterator(), all.size(), argLists, options, checked);
  }

  private <R> MapResult<R> listJob(String task, Iterator<?> items, long size, boolean argLists,
      JobOptions options, Future<Void> checked) {
    return new MapResultImpl<>(start(task, new ItemSource(items, size, argLists, this::prepare),
        null, options, checked));
  }

  private <R> ResultStream<R> stream(String task, Iterator<?> items, boolean argLists,
      boolean ordered, JobOptions options) {
    checkCall(task, items, options);
    return stream(task, new ItemSource(items, -1, argLists, this::prepare), ordered, options);
  }

  private <R> ResultStream<R> stream(String task, ReadStream<?> items, boolean argLists,
      boolean ordered, JobOptions options) {
    checkCall(task, items, options);
    return stream(task, new StreamItemSource(items, argLists, this::prepare, scheduler),
        ordered, options);
  }

  private <R> ResultStream<R> stream(String task, ItemSource source, boolean ordered,
      JobOptions options) {
    StreamSink<R> sink = new StreamSink<>(ordered, options.getStreamBuffer(), scheduler);
    start(task, source, sink, options, Future.succeededFuture());
    return sink;
  }

  private void checkAll(Collection<?> all, boolean argLists) {
    int i = 0;
    for (Object item : all) {
      if (argLists) {
        checkItem(i, ItemSource.argumentList(item, i));
      } else {
        checkArgument(i, item);
      }
      i++;
    }
  }

  /** Checks a map's item: its one argument. */
  private void checkArgument(int index, Object arg) {
    try {
      check(arg);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("item " + index + ": " + e.getMessage(), e);
    }
  }

  private void checkItem(int index, List<?> args) {
    try {
      check(args);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("item " + index + ": " + e.getMessage(), e);
    }
  }

  /** @param sink null for a list built whole */
  private Job start(String task, ItemSource items, StreamSink<?> sink, JobOptions jobOptions,
      Future<Void> checked) {
    if (closed) {
      throw new IllegalStateException("the pool is closed");
    }
    String id = jobIds + jobCount.incrementAndGet();
    JobSettings settings = JobSettings.of(options, jobOptions);
    Job job = sink == null ? new Job(id, task, items, settings, transport, scheduler, listeners)
        : new Job(id, task, items, sink, settings, transport, scheduler, listeners);
    if (sink != null) {
      sink.bind(job, job::pumpLater);
    }
    running.add(job);
    job.<Object>outcome().onComplete(ar -> {
      running.remove(job);
      releaseIfIdle();
    });
    checked.onComplete(ar -> {
      if (ar.succeeded()) {
        job.start();
      } else {
        job.fail(ar.cause());
      }
    });
    return job;
  }

  private void releaseIfIdle() {
    if (closed && running.isEmpty()) {
      releaseNow();
    }
  }

  private void releaseNow() {
    if (releasing.compareAndSet(false, true)) {
      release().onComplete(released);
    }
  }

  private static JobOptions chunkOptions(int chunkSize) {
    if (chunkSize < 0) {
      throw new IllegalArgumentException("chunkSize must be >= 0, got " + chunkSize);
    }
    return chunkSize > 0 ? new JobOptions().setChunkSize(chunkSize) : new JobOptions();
  }

  private static void checkCall(String task, Object items, JobOptions options) {
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("the task name must not be null or blank");
    }
    if (items == null) {
      throw new IllegalArgumentException("the items must not be null");
    }
    if (options == null) {
      throw new IllegalArgumentException("the job options must not be null");
    }
  }

  // Shared state (issue 8): the pool's own Vert.x, so cluster-wide for a connected pool and
  // this JVM's for an embedded one. Any member can reach it, without a token (issue 9).

  @Override
  public io.taskbus.shared.SharedCounter counter(String name) {
    return sharedState().counter(name);
  }

  @Override
  public io.taskbus.shared.SharedMap sharedMap(String name) {
    return sharedState().sharedMap(name);
  }

  @Override
  public io.taskbus.shared.SharedLock lock(String name) {
    return sharedState().lock(name);
  }

  private io.taskbus.shared.SharedState sharedState() {
    if (closed) {
      throw new IllegalStateException("the pool is closed");
    }
    return io.taskbus.shared.SharedState.create(context.owner());
  }
}
