package io.taskbus.client.impl;

import io.taskbus.protocol.SingleArguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A job's input, pulled lazily: only the items of chunks in flight are held. Each item becomes an
 * argument list (a map's item is its single argument) prepared for the transport. The caller's
 * iterator is read on the pool's context only ({@link #hasMore}, {@link #take}); other threads
 * see the item count through {@link #size}, which never touches it.
 */
class ItemSource {

  private final Iterator<?> items;
  private final boolean argLists;
  private final UnaryOperator<Object> prepare;
  private int taken;
  /** The item count once known: given, or found when the iterator ran out. */
  private volatile long size;

  /**
   * @param size the item count when known, else -1
   * @param argLists true when each item is an argument list (starmap), false when it is the
   *     single argument (map)
   * @param prepare makes one argument ready for the transport
   */
  ItemSource(Iterator<?> items, long size, boolean argLists, UnaryOperator<Object> prepare) {
    this.items = items;
    this.size = size;
    this.argLists = argLists;
    this.prepare = prepare;
  }

  /** The item count, or -1 while it is unknown; safe from any thread. */
  long size() {
    return size;
  }

  /** On the pool's context: true while the input may have items. */
  boolean hasMore() {
    if (!ended()) {
      return true;
    }
    size = taken;
    return false;
  }

  /** On the pool's context: true when an item can be taken now. */
  boolean hasReady() {
    return hasNextNow();
  }

  /** Tells {@code onItems} (on the pool's context) when items arrive; an iterator never waits. */
  void listen(Runnable onItems) {
  }

  /** The input's own failure, which ends the job; an iterator throws instead. */
  Throwable failure() {
    return null;
  }

  /** The job is over: an input that is fed stops being read. */
  void close() {
  }

  protected boolean hasNextNow() {
    return items.hasNext();
  }

  protected Object nextItem() {
    return items.next();
  }

  /** True once no item will ever come. */
  protected boolean ended() {
    return !items.hasNext();
  }

  /** Items pulled so far: the next item's index. */
  int taken() {
    return taken;
  }

  /**
   * Pulls up to {@code n} items.
   *
   * @throws IllegalArgumentException naming the item when one is not valid input
   */
  @SuppressWarnings("unchecked")
  List<Object> take(int n) {
    List<Object> chunk = new ArrayList<>(n);
    while (chunk.size() < n && hasNextNow()) {
      chunk.add(argLists ? prepare(nextItem()) : argument(nextItem()));
      taken++;
    }
    // a map's items travel as their values: no one-element list per item
    return argLists ? chunk : (List<Object>) (List<?>) new SingleArguments(chunk);
  }

  /** A map's item: its one argument, prepared. */
  private Object argument(Object item) {
    try {
      return prepare.apply(item);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("item " + taken + ": " + e.getMessage(), e);
    }
  }

  /** An item as its list of prepared arguments: a list of its own (the caller's may change). */
  /** A starmap's item as its argument list, or an error naming item {@code index}. */
  static List<?> argumentList(Object item, long index) {
    if (!(item instanceof List<?> list)) {
      throw new IllegalArgumentException("argument list " + index + " is "
          + (item == null ? "null" : "not a list but a " + item.getClass().getName()));
    }
    return list;
  }

  private List<Object> prepare(Object item) {
    try {
      List<?> list = argumentList(item, taken);
      List<Object> args = new ArrayList<>(list.size());
      for (Object arg : list) {
        args.add(prepare.apply(arg));
      }
      return args;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("item " + taken + ": " + e.getMessage(), e);
    }
  }
}
