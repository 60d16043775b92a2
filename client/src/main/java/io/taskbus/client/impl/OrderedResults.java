package io.taskbus.client.impl;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The job's results by input index. Each index takes exactly one result, however the chunks'
 * replies are ordered or repeated.
 */
final class OrderedResults {

  private final Object[] values;
  private final boolean[] filled;
  private int count;

  OrderedResults(int size) {
    values = new Object[size];
    filled = new boolean[size];
  }

  /**
   * Stores a chunk's results from {@code first} on; results for indexes that already have one
   * are ignored.
   *
   * @return how many indexes took a result now
   */
  int fill(int first, List<?> chunk) {
    if (first < 0 || first + chunk.size() > values.length) {
      throw new IndexOutOfBoundsException("results " + first + ".." + (first + chunk.size())
          + " outside the job's " + values.length + " items");
    }
    int taken = 0;
    for (int i = 0; i < chunk.size(); i++) {
      if (!filled[first + i]) {
        filled[first + i] = true;
        values[first + i] = chunk.get(i);
        taken++;
      }
    }
    count += taken;
    return taken;
  }

  int size() {
    return values.length;
  }

  int count() {
    return count;
  }

  boolean complete() {
    return count == values.length;
  }

  @SuppressWarnings("unchecked")
  <R> List<R> toList() {
    return Collections.unmodifiableList((List<R>) Arrays.asList(values.clone()));
  }
}
