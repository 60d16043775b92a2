package io.taskbus.shared;

/** A shared-state call that gave no answer in time, or was interrupted while it waited. */
public final class SharedStateException extends RuntimeException {

  public SharedStateException(String message) {
    super(message);
  }

  public SharedStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
