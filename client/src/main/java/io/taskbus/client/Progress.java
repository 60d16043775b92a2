package io.taskbus.client;

/**
 * A job's progress at one moment.
 *
 * @param done items with a result
 * @param total items in the job; -1 while a lazy input is not yet exhausted
 * @param failed items whose task failed (run again when the job retries failed tasks)
 * @param retried chunks sent again after their worker was lost or their task failed
 * @param inFlight items sent and not yet answered
 * @param itemsPerSecond results per second since the job started
 */
public record Progress(long done, long total, long failed, int retried, long inFlight,
                       double itemsPerSecond) {

  /** True once the job's item count is known. */
  public boolean totalKnown() {
    return total >= 0;
  }

  /** The fraction done, from 0 to 1; NaN while the total is unknown. */
  public double fraction() {
    return total < 0 ? Double.NaN : total == 0 ? 1 : (double) done / total;
  }

  /** Seconds left at the current rate; NaN while unknown. */
  public double etaSeconds() {
    return total < 0 || itemsPerSecond <= 0 ? Double.NaN : (total - done) / itemsPerSecond;
  }
}
