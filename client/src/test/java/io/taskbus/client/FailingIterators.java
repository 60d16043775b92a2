package io.taskbus.client;

import java.util.Iterator;
import java.util.function.IntFunction;

/** Lazy inputs that break the way a file or a network source does, for tests. */
public final class FailingIterators {

  private FailingIterators() {
  }

  /**
   * Items {@code item(0)}, {@code item(1)}, ...; when {@code n} have been taken, the next
   * {@code hasNext()} (or, if {@code inHasNext} is false, {@code next()}) throws {@code error}.
   */
  public static <T> Iterator<T> failingAfter(int n, RuntimeException error, boolean inHasNext,
      IntFunction<T> item) {
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        if (inHasNext && i == n) {
          throw error;
        }
        return true;
      }

      @Override
      public T next() {
        if (!inHasNext && i == n) {
          throw error;
        }
        return item.apply(i++);
      }
    };
  }
}
