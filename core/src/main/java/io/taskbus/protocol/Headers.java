package io.taskbus.protocol;

/** Message header names. */
public final class Headers {

  /** {@code Bearer <token>} on every task and cancel message. */
  public static final String AUTHORIZATION = "authorization";
  /** The task name, so the permission check needs no body decoding. */
  public static final String TASK = "task";
  public static final String BEARER = "Bearer ";

  private Headers() {
  }
}
