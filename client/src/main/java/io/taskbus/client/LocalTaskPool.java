package io.taskbus.client;

import io.taskbus.task.TaskRegistry;

/**
 * An embedded {@link TaskPool} whose workers are threads of this JVM. Register tasks on it
 * directly; arguments and results are passed as they are, never serialised.
 */
public interface LocalTaskPool extends TaskPool, TaskRegistry {
}
