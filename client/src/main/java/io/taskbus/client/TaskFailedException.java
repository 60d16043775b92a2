package io.taskbus.client;

/**
 * A task threw. Carries the remote failure as data: the item, the task, the remote exception's
 * class name, message and stack trace (with causes), and the worker it ran on. The remote
 * class need not exist on this side.
 */
public class TaskFailedException extends TaskPoolException {

  private final long index;
  private final String task;
  private final String remoteType;
  private final String remoteMessage;
  private final String remoteStackTrace;
  private final String worker;

  public TaskFailedException(long index, String task, String remoteType, String remoteMessage,
      String remoteStackTrace, String worker) {
    super("task '" + task + "' failed on item " + index + ": " + remoteType + ": "
        + remoteMessage);
    this.index = index;
    this.task = task;
    this.remoteType = remoteType;
    this.remoteMessage = remoteMessage;
    this.remoteStackTrace = remoteStackTrace;
    this.worker = worker;
  }

  /** The failed item's index in the job's input. */
  public long index() {
    return index;
  }

  public String task() {
    return task;
  }

  /** The class name of the exception the task threw. */
  public String remoteType() {
    return remoteType;
  }

  public String remoteMessage() {
    return remoteMessage;
  }

  /** The remote stack trace as printed there, causes included; null when there is none. */
  public String remoteStackTrace() {
    return remoteStackTrace;
  }

  /** The id of the worker the item ran on. */
  public String worker() {
    return worker;
  }
}
