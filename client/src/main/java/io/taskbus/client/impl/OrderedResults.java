package io.taskbus.client.impl;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * The job's results by input index, growing as items are pulled. Each index takes exactly one
 * result, however the chunks' replies are ordered or repeated.
 */
final class OrderedResults {

  private Object[] values;
  private final BitSet filled = new BitSet();
  private int count;
  private int size;

  /** @param expected the item count when known; the store grows past it when needed */
  OrderedResults(int expected) {
    values = new Object[Math.max(16, expected)];
  }

  /**
   * Stores a chunk's results from {@code first} on; results for indexes that already have one
   * are ignored.
   *
   * @return how many indexes took a result now
   */
  int fill(int first, List<?> chunk) {
    if (first < 0) {
      throw new IndexOutOfBoundsException("results from index " + first);
    }
    int end = first + chunk.size();
    if (end > values.length) {
      values = Arrays.copyOf(values, Math.max(end, values.length * 2));
    }
    int taken = 0;
    if (filled.nextSetBit(first) < 0 || filled.nextSetBit(first) >= end) {
      // none of these indexes has a result yet: the usual case, done a range at a time
      for (int i = 0; i < chunk.size(); i++) {
        values[first + i] = chunk.get(i);
      }
      filled.set(first, end);
      taken = chunk.size();
    } else {
      for (int i = 0; i < chunk.size(); i++) {
        if (!filled.get(first + i)) {
          filled.set(first + i);
          values[first + i] = chunk.get(i);
          taken++;
        }
      }
    }
    count += taken;
    size = Math.max(size, end);
    return taken;
  }

  /** How many indexes have a result. */
  int count() {
    return count;
  }

  /** The results of indexes {@code 0 .. items - 1}, in order. */
  @SuppressWarnings("unchecked")
  <R> List<R> toList(int items) {
    if (count != items || size > items) {
      throw new IllegalStateException(count + " results for " + items + " items");
    }
    // the store is exactly the job's size when the size was known: no copy of a million refs
    Object[] exact = values.length == items ? values : Arrays.copyOf(values, items);
    return Collections.unmodifiableList((List<R>) Arrays.asList(exact));
  }
}
