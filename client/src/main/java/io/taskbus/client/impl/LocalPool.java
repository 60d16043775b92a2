package io.taskbus.client.impl;

import io.taskbus.client.LocalTaskPool;
import io.taskbus.client.PoolOptions;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.task.RawTask;
import io.taskbus.task.Task1;
import io.taskbus.task.Task2;
import io.taskbus.task.TaskN;
import io.taskbus.task.TaskRegistry;
import io.taskbus.task.builtin.BuiltinTasks;
import io.taskbus.task.impl.TaskTable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/** The embedded pool: the same jobs and results, on threads of this JVM. */
public final class LocalPool extends AbstractPool implements LocalTaskPool {

  private final TaskTable tasks;
  private final LocalTransport transport;
  private final int slots;

  private LocalPool(Context context, PoolOptions options, TaskTable tasks,
      LocalTransport transport, int slots) {
    super(context, options, transport);
    this.tasks = tasks;
    this.transport = transport;
    this.slots = slots;
  }

  public static LocalTaskPool create(Vertx vertx, PoolOptions options, int slots) {
    if (slots < 0) {
      throw new IllegalArgumentException("slots must be >= 0, got " + slots);
    }
    int threads = slots == 0 ? Runtime.getRuntime().availableProcessors() : slots;
    TaskTable tasks = new TaskTable();
    new BuiltinTasks().register(tasks);
    tasks.loadProviders(Thread.currentThread().getContextClassLoader());
    LocalTransport transport = new LocalTransport(vertx, tasks, threads, options.getPrefetch(),
        options.getMaxMessageBytes());
    return new LocalPool(vertx.getOrCreateContext(), options, tasks, transport, threads);
  }

  /** As it is: nothing is serialised in this JVM. */
  @Override
  protected Object prepare(Object arg) {
    return arg;
  }

  @Override
  protected void check(Object value) {
    // any object goes: nothing is serialised
  }

  @Override
  public Future<List<WorkerInfo>> workers() {
    return Future.succeededFuture(List.of(new WorkerInfo(LocalTransport.WORKER,
        LocalTransport.WORKER, "", slots, slots * options.getPrefetch(),
        List.copyOf(tasks.names()), false, 0)));
  }

  @Override
  protected Future<Void> release() {
    return transport.close();
  }

  @Override
  public <A, R> TaskRegistry register(String name, Class<A> type, Task1<A, R> task) {
    return tasks.register(name, type, task);
  }

  @Override
  public <A, B, R> TaskRegistry register(String name, Class<A> first, Class<B> second,
      Task2<A, B, R> task) {
    return tasks.register(name, first, second, task);
  }

  @Override
  public <R> TaskRegistry register(String name, List<Class<?>> types, TaskN<R> task) {
    return tasks.register(name, types, task);
  }

  @Override
  public TaskRegistry register(String name, RawTask task) {
    return tasks.register(name, task);
  }

  @Override
  public boolean contains(String name) {
    return tasks.contains(name);
  }

  @Override
  public Set<String> names() {
    return tasks.names();
  }
}
