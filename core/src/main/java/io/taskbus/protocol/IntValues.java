package io.taskbus.protocol;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Ints read from the wire, boxed only when asked for: a chunk of a million int results holds
 * one array instead of a million objects, so whoever keeps them ({@link #getInt}) keeps no
 * garbage for the collector to copy.
 */
public final class IntValues extends AbstractList<Object> implements RandomAccess {

  private final int[] values;

  private IntValues(int[] values) {
    this.values = values;
  }

  /** The values, not copied: the array must not change afterwards. */
  public static IntValues of(int... values) {
    return new IntValues(values);
  }

  /** The value at {@code index}, unboxed. */
  public int getInt(int index) {
    return values[index];
  }

  @Override
  public Object get(int index) {
    return values[index];
  }

  @Override
  public int size() {
    return values.length;
  }
}
