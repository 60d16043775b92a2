package io.taskbus.node;

/**
 * The sequence numbers one session's messages have used at one worker: each is taken once.
 * Numbers rise; a message may arrive behind up to {@value #SIZE} later ones, and one further
 * behind is refused as too old (the client sends it again with a new number).
 */
final class ReplayWindow {

  static final int SIZE = 1_024;
  private final long[] seen = new long[SIZE / 64];
  private long highest = -1;

  /** True, once, for a number in the window; false for one taken or too old. */
  boolean take(long seq) {
    if (seq < 0 || highest >= 0 && highest - seq >= SIZE) {
      return false;
    }
    if (seq > highest) {
      clear(highest + 1, seq);
      highest = seq;
    } else if (isSet(seq)) {
      return false;
    }
    set(seq);
    return true;
  }

  /** Forgets the numbers that {@code from..to} push out of the window. */
  private void clear(long from, long to) {
    if (to - from + 1 >= SIZE) {
      java.util.Arrays.fill(seen, 0);
      return;
    }
    for (long s = from; s <= to; s++) {
      int bit = (int) (s % SIZE);
      seen[bit >>> 6] &= ~(1L << (bit & 63));
    }
  }

  private boolean isSet(long seq) {
    int bit = (int) (seq % SIZE);
    return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
  }

  private void set(long seq) {
    int bit = (int) (seq % SIZE);
    seen[bit >>> 6] |= 1L << (bit & 63);
  }
}
