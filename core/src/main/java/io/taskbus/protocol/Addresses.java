package io.taskbus.protocol;

/** Event-bus addresses, defined once. */
public final class Addresses {

  /** The default task address; each worker also consumes {@code <address>.<workerId>}. */
  public static final String TASKS = "taskbus.tasks";
  /** Logins and token renewals. */
  public static final String AUTH = "taskbus.auth";
  /** The cluster map of finished jobs' records: a ring of {@link #HISTORY_SLOTS} slots. */
  public static final String JOB_HISTORY = "taskbus.jobs.history";
  /** The cluster counter that numbers history records: record n goes to slot n % slots. */
  public static final String JOB_HISTORY_COUNTER = "taskbus.jobs.history.next";
  /** How many finished jobs the history keeps; the oldest is overwritten first. */
  public static final int HISTORY_SLOTS = 200;

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

  /** Where clients publish their running jobs' signed progress (the dashboard listens). */
  public static String jobs(String taskAddress) {
    return taskAddress + ".jobs";
  }

  /** The key of history record {@code n} in {@link #JOB_HISTORY}. */
  public static String historySlot(long n) {
    return "slot-" + Math.floorMod(n, HISTORY_SLOTS);
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
