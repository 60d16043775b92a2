package io.taskbus.task.impl;

import io.taskbus.task.TaskContext;
import java.util.List;

/** A registered task, ready to be called with one item's arguments. */
@FunctionalInterface
interface Invocable {

  Object invoke(TaskContext ctx, List<Object> args) throws Exception;
}
