package io.taskbus.client;

/** A running or ended job, as a {@link PoolListener} sees it. */
public interface JobInfo {

  /** The job's id (a UUID), the one its workers and cancels know it by. */
  String id();

  /** The task its items run. */
  String task();

  /** Its progress now; safe from any thread. */
  Progress progress();
}
