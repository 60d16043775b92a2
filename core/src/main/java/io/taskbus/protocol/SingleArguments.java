package io.taskbus.protocol;

import java.util.AbstractList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * A map's chunk: each item's argument list holds its one value. Kept as the values alone, so a
 * million-item map makes no million one-element lists; the binary codec writes the values as
 * they are, and an argument list is made only for whoever asks for one.
 */
public final class SingleArguments extends AbstractList<List<Object>> implements RandomAccess {

  private final List<Object> values;

  public SingleArguments(List<Object> values) {
    this.values = values;
  }

  /** Each item's one argument, in order. */
  public List<Object> values() {
    return values;
  }

  @Override
  public List<Object> get(int index) {
    return Collections.singletonList(values.get(index));
  }

  @Override
  public int size() {
    return values.size();
  }
}
