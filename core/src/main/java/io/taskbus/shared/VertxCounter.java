package io.taskbus.shared;

import io.vertx.core.Future;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.SharedData;
import java.time.Duration;
import java.util.function.Supplier;

/** A {@link SharedCounter} over a Vert.x counter (Hazelcast's when clustered). */
final class VertxCounter implements SharedCounter {

  private final SharedData data;
  private final String name;
  private final String internalName;

  VertxCounter(SharedData data, String name, String internalName) {
    this.data = data;
    this.name = name;
    this.internalName = internalName;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<Long> get() {
    return counter().compose(Counter::get);
  }

  @Override
  public Future<Long> incrementAndGet() {
    return counter().compose(Counter::incrementAndGet);
  }

  @Override
  public Future<Long> decrementAndGet() {
    return counter().compose(Counter::decrementAndGet);
  }

  @Override
  public Future<Long> addAndGet(long delta) {
    return counter().compose(c -> c.addAndGet(delta));
  }

  @Override
  public Future<Boolean> compareAndSet(long expected, long value) {
    return counter().compose(c -> c.compareAndSet(expected, value));
  }

  private Future<Counter> counter() {
    return data.getCounter(internalName);
  }

  @Override
  public Blocking blocking(Duration timeout) {
    Waits.positive(timeout);
    return new Blocking() {
      @Override
      public long get() {
        return call(VertxCounter.this::get, "get");
      }

      @Override
      public long incrementAndGet() {
        return call(VertxCounter.this::incrementAndGet, "incrementAndGet");
      }

      @Override
      public long decrementAndGet() {
        return call(VertxCounter.this::decrementAndGet, "decrementAndGet");
      }

      @Override
      public long addAndGet(long delta) {
        return call(() -> VertxCounter.this.addAndGet(delta), "addAndGet");
      }

      @Override
      public boolean compareAndSet(long expected, long value) {
        return call(() -> VertxCounter.this.compareAndSet(expected, value), "compareAndSet");
      }

      private <T> T call(Supplier<Future<T>> operation, String what) {
        return Waits.call(operation, timeout, "counter '" + name + "' " + what);
      }
    };
  }
}
