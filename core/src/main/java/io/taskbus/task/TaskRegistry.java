package io.taskbus.task;

import io.taskbus.task.impl.TaskTable;
import java.util.List;
import java.util.Set;

/**
 * Tasks by name. Typed tasks get their arguments converted from JSON to the declared types (a
 * whole number to {@code Integer} or {@code Long}, an object to {@code JsonObject} or {@code Map},
 * ...); a value that does not convert fails the item with a clear message. Registering a name
 * twice replaces the earlier task.
 */
public interface TaskRegistry {

  static TaskRegistry create() {
    return new TaskTable();
  }

  <A, R> TaskRegistry register(String name, Class<A> type, Task1<A, R> task);

  <A, B, R> TaskRegistry register(String name, Class<A> first, Class<B> second, Task2<A, B, R> task);

  <R> TaskRegistry register(String name, List<Class<?>> types, TaskN<R> task);

  TaskRegistry register(String name, RawTask task);

  boolean contains(String name);

  Set<String> names();
}
