package io.taskbus.client;

import java.util.List;

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
  private final List<String> remoteCauses;
  private final int attempt;
  private final List<String> output;

  public TaskFailedException(long index, String task, String remoteType, String remoteMessage,
      String remoteStackTrace, String worker) {
    this(index, task, remoteType, remoteMessage, remoteStackTrace, List.of(), worker, 1);
  }

  /**
   * @param remoteCauses the remote cause chain, each {@code "type: message"}
   * @param attempt which sending of the item's chunk this was (1 for the first)
   */
  public TaskFailedException(long index, String task, String remoteType, String remoteMessage,
      String remoteStackTrace, List<String> remoteCauses, String worker, int attempt) {
    this(index, task, remoteType, remoteMessage, remoteStackTrace, remoteCauses, worker, attempt,
        List.of());
  }

  /** @param output the last lines the failed item wrote before it failed */
  public TaskFailedException(long index, String task, String remoteType, String remoteMessage,
      String remoteStackTrace, List<String> remoteCauses, String worker, int attempt,
      List<String> output) {
    super("task '" + task + "' failed on item " + index + " (worker " + worker + ", attempt "
        + attempt + "): " + remoteType + ": " + remoteMessage);
    this.remoteCauses = List.copyOf(remoteCauses);
    this.output = List.copyOf(output);
    this.attempt = attempt;
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

  /** The remote exception's causes, outermost first, each {@code "type: message"}. */
  public List<String> remoteCauses() {
    return remoteCauses;
  }

  /**
   * The last lines the failed item wrote ({@code TaskContext.log}, {@code out()}) before it
   * failed, at most 20: the rest of its chunk's output is not sent with a failure.
   */
  public List<String> output() {
    return output;
  }

  /** Which sending of the item's chunk failed: 1 for the first, more after retries. */
  public int attempt() {
    return attempt;
  }
}
