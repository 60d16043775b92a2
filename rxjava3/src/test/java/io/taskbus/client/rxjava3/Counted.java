package io.taskbus.client.rxjava3;

import io.taskbus.client.LocalTaskPool;
import io.taskbus.task.TaskContext;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Tasks and inputs that count what happens to them, registered on one pool: {@code counted}
 * doubles its argument, {@code untilCancelled} holds its slot until its job is cancelled (at
 * most 10 s) and returns its argument, {@code firstThenHold} returns item 0 once another item is
 * held, and holds the others.
 */
final class Counted {

  /** Calls of {@code counted}. */
  final AtomicInteger calls = new AtomicInteger();
  /** Items that began to hold their slot. */
  final AtomicInteger started = new AtomicInteger();
  /** Held items that saw their job's cancellation. */
  final AtomicInteger sawCancel = new AtomicInteger();
  /** Items pulled from {@link #items} so far. */
  final AtomicInteger pulled = new AtomicInteger();

  Counted(LocalTaskPool pool) {
    pool.register("counted", Integer.class, i -> {
      calls.incrementAndGet();
      return 2 * i;
    });
    pool.register("untilCancelled", (ctx, args) -> hold(ctx, args.getValue(0)));
    pool.register("firstThenHold", (ctx, args) -> {
      if (args.getInteger(0) != 0) {
        return hold(ctx, args.getValue(0));
      }
      waitFor(() -> started.get() > 0); // so that a held item runs when item 0 is out
      return 0;
    });
  }

  /** Holds the slot until the item's job is cancelled (at most 10 s), then returns it. */
  private Object hold(TaskContext ctx, Object item) throws InterruptedException {
    started.incrementAndGet();
    if (waitFor(ctx::cancelled)) {
      sawCancel.incrementAndGet();
    }
    return item;
  }

  /** Polls {@code condition} for at most 10 s, as a long task checks its flag. */
  private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(2); // inside a task: cancelled() is a flag a task polls, there is no event
    }
    return true;
  }

  /** 0..n-1; each iteration counts its pulls in {@link #pulled}. */
  Iterable<Integer> items(int n) {
    return () -> {
      Iterator<Integer> items = IntStream.range(0, n).boxed().iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return items.hasNext();
        }

        @Override
        public Integer next() {
          pulled.incrementAndGet();
          return items.next();
        }
      };
    };
  }
}
