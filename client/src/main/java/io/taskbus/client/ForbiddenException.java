package io.taskbus.client;

/** The user is logged in but lacks the permission ({@code run:<task>} or {@code run:*}). */
public class ForbiddenException extends TaskPoolException {

  private final String task;

  public ForbiddenException(String task, String message) {
    super(message);
    this.task = task;
  }

  public String task() {
    return task;
  }
}
