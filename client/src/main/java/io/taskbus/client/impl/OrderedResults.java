package io.taskbus.client.impl;

import io.taskbus.protocol.IntValues;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * The job's results by input index, growing as items are pulled. Each index takes exactly one
 * result, however the chunks' replies are ordered or repeated.
 *
 * <p>Int results that came off the wire unboxed ({@link IntValues}) stay unboxed here and are
 * boxed as the list is read: a million results then are one array, not a million objects that
 * every young collection during the job would copy.
 */
final class OrderedResults {

  private Object[] values;
  /** The int results, at the indexes set in {@link #unboxed}; null until the first comes. */
  private int[] ints;
  private final BitSet unboxed = new BitSet();
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
    IntValues chunkInts = chunk instanceof IntValues i ? i : null;
    room(end, chunkInts != null);
    int taken = 0;
    boolean noneFilled = filled.nextSetBit(first) < 0 || filled.nextSetBit(first) >= end;
    for (int i = 0; i < chunk.size(); i++) {
      int index = first + i;
      if (noneFilled || !filled.get(index)) {
        if (chunkInts != null) {
          ints[index] = chunkInts.getInt(i);
        } else {
          values[index] = chunk.get(i);
        }
        taken++;
      }
    }
    if (noneFilled) {
      // none of these indexes had a result: the usual case, marked a range at a time
      filled.set(first, end);
      if (chunkInts != null) {
        unboxed.set(first, end);
      }
    } else {
      markEach(first, chunk.size(), chunkInts != null);
    }
    count += taken;
    size = Math.max(size, end);
    return taken;
  }

  private void markEach(int first, int n, boolean asInts) {
    for (int i = first; i < first + n; i++) {
      if (!filled.get(i)) {
        filled.set(i);
        unboxed.set(i, asInts);
      }
    }
  }

  private void room(int end, boolean forInts) {
    if (end > values.length) {
      values = Arrays.copyOf(values, Math.max(end, values.length * 2));
    }
    if (forInts && ints == null) {
      ints = new int[values.length];
    } else if (ints != null && ints.length < values.length) {
      ints = Arrays.copyOf(ints, values.length);
    }
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
    if (ints != null) {
      return (List<R>) new Results(values, ints, unboxed, items);
    }
    // the store is exactly the job's size when the size was known: no copy of a million refs
    Object[] exact = values.length == items ? values : Arrays.copyOf(values, items);
    return Collections.unmodifiableList((List<R>) Arrays.asList(exact));
  }

  /** The results, read-only, an int boxed as it is read. */
  private static final class Results extends AbstractList<Object> implements RandomAccess {
    private final Object[] values;
    private final int[] ints;
    private final BitSet unboxed;
    private final int size;

    Results(Object[] values, int[] ints, BitSet unboxed, int size) {
      this.values = values;
      this.ints = ints;
      this.unboxed = unboxed;
      this.size = size;
    }

    @Override
    public Object get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("index " + index + " of " + size + " results");
      }
      return unboxed.get(index) ? Integer.valueOf(ints[index]) : values[index];
    }

    @Override
    public int size() {
      return size;
    }
  }
}
