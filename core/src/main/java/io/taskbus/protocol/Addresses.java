package io.taskbus.protocol;

/** Event-bus addresses, defined once. */
public final class Addresses {

  /** The default task address; each worker also consumes {@code <address>.<workerId>}. */
  public static final String TASKS = "taskbus.tasks";
  /** Logins and token renewals. */
  public static final String AUTH = "taskbus.auth";

  private Addresses() {
  }

  /** Where workers serving {@code taskAddress} publish their announcements. */
  public static String announcements(String taskAddress) {
    return taskAddress + ".workers";
  }

  /** Publish here to have every worker of {@code taskAddress} announce itself at once. */
  public static String discovery(String taskAddress) {
    return taskAddress + ".discover";
  }

  /** Publish a job id here to have every worker drop that job's queued chunks. */
  public static String cancellations(String taskAddress) {
    return taskAddress + ".cancel";
  }

  /** Where each worker of {@code taskAddress} publishes its signed task-stream batches. */
  public static String stream(String taskAddress) {
    return taskAddress + ".stream";
  }

  /** The address of one worker. */
  public static String worker(String taskAddress, String workerId) {
    return taskAddress + ".w." + workerId;
  }
}
