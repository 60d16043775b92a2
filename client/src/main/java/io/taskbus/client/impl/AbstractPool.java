package io.taskbus.client.impl;

import io.taskbus.client.MapResult;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskPoolException;
import io.taskbus.client.TaskResult;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every pool does with a call: check it, prepare each item's arguments for the transport
 * (before anything is sent, so bad input fails at the call), and start a {@link Job}.
 */
abstract class AbstractPool implements TaskPool {

  protected final Context context;
  protected final PoolOptions options;
  private final ChunkTransport transport;
  private final Set<Job> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  AbstractPool(Context context, PoolOptions options, ChunkTransport transport) {
    this.context = context;
    this.options = new PoolOptions(options);
    this.transport = transport;
  }

  /** One item's arguments as the transport carries them. */
  protected abstract Object prepare(List<?> args);

  @Override
  public <R> MapResult<R> mapAsync(String task, List<?> items, int chunkSize) {
    checkTask(task);
    checkChunkSize(chunkSize);
    if (items == null) {
      throw new IllegalArgumentException("items must not be null");
    }
    List<Object> prepared = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      prepared.add(prepareItem(i, Collections.singletonList(items.get(i))));
    }
    return new MapResultImpl<>(start(task, prepared, chunkSize));
  }

  @Override
  public <R> MapResult<R> starmapAsync(String task, List<? extends List<?>> argLists,
      int chunkSize) {
    checkTask(task);
    checkChunkSize(chunkSize);
    if (argLists == null) {
      throw new IllegalArgumentException("argLists must not be null");
    }
    List<Object> prepared = new ArrayList<>(argLists.size());
    for (int i = 0; i < argLists.size(); i++) {
      List<?> args = argLists.get(i);
      if (args == null) {
        throw new IllegalArgumentException("argument list " + i + " is null");
      }
      prepared.add(prepareItem(i, args));
    }
    return new MapResultImpl<>(start(task, prepared, chunkSize));
  }

  @Override
  public <R> TaskResult<R> applyAsync(String task, Object... args) {
    checkTask(task);
    List<?> list = args == null ? Collections.singletonList(null) : Arrays.asList(args);
    return new TaskResultImpl<>(start(task, List.of(prepareItem(0, list)), 1));
  }

  private Object prepareItem(int index, List<?> args) {
    try {
      return prepare(args);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("item " + index + ": " + e.getMessage(), e);
    }
  }

  private Job start(String task, List<Object> items, int chunkSize) {
    if (closed) {
      throw new IllegalStateException("the pool is closed");
    }
    String id = UUID.randomUUID().toString();
    JobSettings settings = JobSettings.of(options, chunkSize);
    Job job = new Job(id, task, items, settings, transport, context);
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

  private static void checkTask(String task) {
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("the task name must not be null or blank");
    }
  }
}
