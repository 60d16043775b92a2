package io.taskbus.task.impl;

import io.taskbus.protocol.JsonValues;
import io.taskbus.task.RawTask;
import io.taskbus.task.Task1;
import io.taskbus.task.Task2;
import io.taskbus.task.TaskN;
import io.taskbus.task.TaskProvider;
import io.taskbus.task.TaskRegistry;
import io.vertx.core.json.JsonArray;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The registry behind {@link TaskRegistry}: names to invocables, safe to read from any thread. */
public final class TaskTable implements TaskRegistry {

  private final Map<String, Invocable> tasks = new ConcurrentHashMap<>();

  /** Adds the tasks of every {@link TaskProvider} on the class path. */
  public TaskTable loadProviders(ClassLoader loader) {
    for (TaskProvider provider : ServiceLoader.load(TaskProvider.class, loader)) {
      provider.register(this);
    }
    return this;
  }

  @Override
  public <A, R> TaskRegistry register(String name, Class<A> type, Task1<A, R> task) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(task, "task");
    return put(name, (ctx, args) -> {
      checkArity(args, 1);
      return task.apply(argument(args, 0, type));
    });
  }

  @Override
  public <A, B, R> TaskRegistry register(String name, Class<A> first, Class<B> second,
      Task2<A, B, R> task) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Objects.requireNonNull(task, "task");
    return put(name, (ctx, args) -> {
      checkArity(args, 2);
      return task.apply(argument(args, 0, first), argument(args, 1, second));
    });
  }

  @Override
  public <R> TaskRegistry register(String name, List<Class<?>> types, TaskN<R> task) {
    List<Class<?>> declared = List.copyOf(types);
    Objects.requireNonNull(task, "task");
    return put(name, (ctx, args) -> {
      checkArity(args, declared.size());
      Object[] converted = new Object[declared.size()];
      for (int i = 0; i < converted.length; i++) {
        converted[i] = argument(args, i, declared.get(i));
      }
      return task.apply(converted);
    });
  }

  @Override
  public TaskRegistry register(String name, RawTask task) {
    Objects.requireNonNull(task, "task");
    return put(name, (ctx, args) -> task.run(ctx, new JsonArray(args)));
  }

  @Override
  public boolean contains(String name) {
    return tasks.containsKey(name);
  }

  @Override
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(tasks.keySet()));
  }

  /**
   * These tasks as a machine {@code factor} times slower would run them: each item spins
   * {@code factor - 1} times the CPU time it took (a worker's {@code slowdown}, for benchmarks
   * of uneven clusters). Tasks registered later are not slowed.
   */
  public TaskTable slowedDown(double factor) {
    if (factor <= 1) {
      return this;
    }
    TaskTable slow = new TaskTable();
    tasks.forEach((name, task) -> slow.put(name, (ctx, args) -> {
      long start = CpuTime.threadNanos();
      Object result = task.invoke(ctx, args);
      CpuTime.spin((long) ((CpuTime.threadNanos() - start) * (factor - 1)), ctx::cancelled);
      return result;
    }));
    return slow;
  }

  /** The task called {@code name}, or null. */
  Invocable lookup(String name) {
    return tasks.get(name);
  }

  private TaskRegistry put(String name, Invocable invocable) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a task needs a non-blank name");
    }
    tasks.put(name, invocable);
    return this;
  }

  private static void checkArity(List<Object> args, int expected) {
    if (args.size() != expected) {
      throw new ArgumentException("takes " + expected + " argument" + (expected == 1 ? "" : "s")
          + ", got " + args.size());
    }
  }

  private static <T> T argument(List<Object> args, int i, Class<T> type) {
    try {
      return JsonValues.convert(args.get(i), type);
    } catch (IllegalArgumentException e) {
      throw new ArgumentException("argument " + (i + 1) + ": " + e.getMessage());
    }
  }
}
