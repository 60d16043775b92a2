package io.taskbus.client;

/** No worker knows a task of that name. */
public class UnknownTaskException extends TaskPoolException {

  private final String task;

  public UnknownTaskException(String task) {
    super("unknown task '" + task + "': no worker registered it");
    this.task = task;
  }

  public String task() {
    return task;
  }
}
