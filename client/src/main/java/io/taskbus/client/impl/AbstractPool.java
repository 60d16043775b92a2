package io.taskbus.client.impl;

import io.taskbus.client.MapResult;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskPoolException;
import io.taskbus.client.TaskResult;
import io.vertx.core.Context;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every pool does with a call: check it (a whole collection before anything is sent, so
 * bad input fails at the call), and start a {@link Job} that prepares items for the transport
 * as it pulls them.
 */
abstract class AbstractPool implements TaskPool {

  protected final Context context;
  protected final PoolOptions options;
  private final Scheduler scheduler;
  private final ChunkTransport transport;
  private final Set<Job> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  AbstractPool(Context context, PoolOptions options, ChunkTransport transport) {
    this.context = context;
    this.scheduler = Scheduler.of(context);
    this.options = new PoolOptions(options);
    this.transport = transport;
  }

  /** One argument as the transport carries it. */
  protected abstract Object prepare(Object arg);

  /** Checks a value (an argument, or a list of them) without preparing it; throws what prepare would. */
  protected abstract void check(Object value);

  @Override
  public <R> MapResult<R> mapAsync(String task, Iterable<?> items, int chunkSize) {
    checkCall(task, items, chunkSize);
    if (items instanceof Collection<?> all) {
      int i = 0;
      for (Object item : all) {
        checkArgument(i++, item);
      }
      return mapAsync(task, all.iterator(), all.size(), false, chunkSize);
    }
    return mapAsync(task, items.iterator(), -1, false, chunkSize);
  }

  @Override
  public <R> MapResult<R> mapAsync(String task, Iterator<?> items, int chunkSize) {
    checkCall(task, items, chunkSize);
    return mapAsync(task, items, -1, false, chunkSize);
  }

  @Override
  public <R> MapResult<R> starmapAsync(String task, Iterable<? extends List<?>> argLists,
      int chunkSize) {
    checkCall(task, argLists, chunkSize);
    if (argLists instanceof Collection<? extends List<?>> all) {
      int i = 0;
      for (List<?> args : all) {
        if (args == null) {
          throw new IllegalArgumentException("argument list " + i + " is null");
        }
        checkItem(i++, args);
      }
      return mapAsync(task, all.iterator(), all.size(), true, chunkSize);
    }
    return mapAsync(task, argLists.iterator(), -1, true, chunkSize);
  }

  @Override
  public <R> MapResult<R> starmapAsync(String task, Iterator<? extends List<?>> argLists,
      int chunkSize) {
    checkCall(task, argLists, chunkSize);
    return mapAsync(task, argLists, -1, true, chunkSize);
  }

  @Override
  public <R> TaskResult<R> applyAsync(String task, Object... args) {
    checkTask(task);
    List<?> list = args == null ? Collections.singletonList(null) : Arrays.asList(args);
    checkItem(0, list);
    Iterator<List<?>> one = List.<List<?>>of(list).iterator();
    return new TaskResultImpl<>(start(task, new ItemSource(one, 1, true, this::prepare), 1));
  }

  private <R> MapResult<R> mapAsync(String task, Iterator<?> items, long size, boolean argLists,
      int chunkSize) {
    return new MapResultImpl<>(start(task, new ItemSource(items, size, argLists, this::prepare),
        chunkSize));
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

  private Job start(String task, ItemSource items, int chunkSize) {
    if (closed) {
      throw new IllegalStateException("the pool is closed");
    }
    String id = UUID.randomUUID().toString();
    JobSettings settings = JobSettings.of(options, chunkSize);
    Job job = new Job(id, task, items, settings, transport, scheduler);
    running.add(job);
    job.<Object>outcome().onComplete(ar -> running.remove(job));
    return job.start();
  }

  /** Ends every running job with a failure saying the pool closed; new calls are refused. */
  protected void endJobs() {
    closed = true;
    for (Job job : List.copyOf(running)) {
      job.fail(new TaskPoolException("the pool was closed while job " + job.id() + " ran"));
    }
  }

  private static void checkChunkSize(int chunkSize) {
    if (chunkSize < 0) {
      throw new IllegalArgumentException("chunkSize must be >= 0, got " + chunkSize);
    }
  }

  private static void checkCall(String task, Object items, int chunkSize) {
    checkTask(task);
    checkChunkSize(chunkSize);
    if (items == null) {
      throw new IllegalArgumentException("the items must not be null");
    }
  }

  private static void checkTask(String task) {
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("the task name must not be null or blank");
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
