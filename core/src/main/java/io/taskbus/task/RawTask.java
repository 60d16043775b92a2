package io.taskbus.task;

import io.vertx.core.json.JsonArray;

/** A task that takes its arguments as they arrived, with the {@link TaskContext}. */
@FunctionalInterface
public interface RawTask {

  Object run(TaskContext ctx, JsonArray args) throws Exception;
}
