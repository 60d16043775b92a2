package io.taskbus.task.impl;

/** An item's arguments do not fit its task: the caller's mistake, not the task's. */
public final class ArgumentException extends IllegalArgumentException {

  ArgumentException(String message) {
    super(message);
  }
}
