package io.taskbus.task;

/**
 * Contributes tasks to a worker. Implementations are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/io.taskbus.task.TaskProvider} on the worker's
 * classpath.
 */
public interface TaskProvider {

  void register(TaskRegistry tasks);
}
