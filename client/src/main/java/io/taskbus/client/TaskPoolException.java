package io.taskbus.client;

/** The base of taskbus's own failures. */
public class TaskPoolException extends RuntimeException {

  public TaskPoolException(String message) {
    super(message);
  }

  public TaskPoolException(String message, Throwable cause) {
    super(message, cause);
  }
}
