package io.taskbus.client.rxjava3;

import io.taskbus.client.LocalTaskPool;
import io.taskbus.task.TaskContext;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Tasks and inputs that count what happens to them, registered on one pool: {@code counted}
 * doubles its argument, {@code untilCancelled} holds its slot until its job is cancelled (at
 * most 10 s) and returns its argument, {@code firstThenHold} returns item 0 at once and holds
 * the others.
 */
final class Counted {

  /** Calls of {@code counted}. */
  final AtomicInteger calls = new AtomicInteger();
  /** Starts of {@code untilCancelled}. */
  final AtomicInteger started = new AtomicInteger();
  /** Runs of {@code untilCancelled} that saw their job's cancellation. */
  final AtomicInteger sawCancel = new AtomicInteger();
  /** Items pulled from {@link #items} so far. */
  final AtomicInteger pulled = new AtomicInteger();

  Counted(LocalTaskPool pool) {
    pool.register("counted", Integer.class, i -> {
      calls.incrementAndGet();
      return 2 * i;
    });
    pool.register("untilCancelled", (ctx, args) -> hold(ctx, args.getValue(0)));
    pool.register("firstThenHold", (ctx, args) -> args.getInteger(0) == 0 ? 0
        : hold(ctx, args.getValue(0)));
  }

  /** Holds the slot until the item's job is cancelled (at most 10 s), then returns it. */
  private Object hold(TaskContext ctx, Object item) throws InterruptedException {
    started.incrementAndGet();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ctx.cancelled() && System.nanoTime() < end) {
      Thread.sleep(2); // a long task that checks its flag, as tasks should
    }
    if (ctx.cancelled()) {
      sawCancel.incrementAndGet();
    }
    return item;
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
