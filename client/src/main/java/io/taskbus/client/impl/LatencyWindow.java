package io.taskbus.client.impl;

/**
 * Chunk round trips of one interval, as counts in buckets a factor of about 1.41 apart (two per
 * power of two, from 8 microseconds to hours): recording one is an array increment, and a
 * percentile is read to within that factor, which is all a dashboard needs. Reset each interval.
 */
final class LatencyWindow {

  /** Below 2^13 ns (8 us) everything is the first bucket. */
  private static final int SHIFT = 13;
  private static final int BUCKETS = 64;

  private final int[] counts = new int[BUCKETS];
  private int total;

  void record(long nanos) {
    counts[bucket(nanos)]++;
    total++;
  }

  int count() {
    return total;
  }

  /**
   * The {@code p}-th percentile (0..1) in milliseconds, the geometric middle of its bucket; NaN
   * when nothing was recorded.
   */
  double percentileMs(double p) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(p * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.sqrt(lowerBound(i) * lowerBound(i + 1)) / 1e6;
      }
    }
    return lowerBound(BUCKETS) / 1e6;
  }

  void reset() {
    java.util.Arrays.fill(counts, 0);
    total = 0;
  }

  static int bucket(long nanos) {
    if (nanos < (1L << SHIFT)) {
      return 0;
    }
    int log2 = 63 - Long.numberOfLeadingZeros(nanos);
    // the bit below the leading one splits each power of two in two halves
    int half = (int) ((nanos >>> (log2 - 1)) & 1);
    return Math.min(BUCKETS - 1, 1 + 2 * (log2 - SHIFT) + half);
  }

  /** The smallest round trip of bucket {@code i}, in nanoseconds. */
  static double lowerBound(int i) {
    if (i == 0) {
      return 1L << (SHIFT - 1);
    }
    int log2 = SHIFT + (i - 1) / 2;
    return (i - 1) % 2 == 0 ? Math.pow(2, log2) : 1.5 * Math.pow(2, log2);
  }
}
