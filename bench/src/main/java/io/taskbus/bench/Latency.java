package io.taskbus.bench;

import io.taskbus.client.TaskPool;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.concurrent.TimeUnit;

/** Sequential round trips: {@code apply} against a raw request/reply on the same cluster. */
final class Latency {

  static final int CALLS = 2_000;
  /** Calls before timing: the JIT compiles both paths only after thousands. */
  static final int WARM = 3_000;

  private Latency() {
  }

  /**
   * Nanoseconds of {@value #CALLS} sequential {@code apply("double", i)} ({@code [0]}) and as
   * many raw requests of one item to the reference doubler ({@code [1]}), one of each in turn,
   * so that both see the same load.
   */
  static long[][] applyAndRaw(TaskPool pool, Vertx vertx) throws Exception {
    return applyAndRaw(pool, vertx, WARM);
  }

  /** As {@link #applyAndRaw(TaskPool, Vertx)}, after {@code warm} unmeasured calls of each. */
  static long[][] applyAndRaw(TaskPool pool, Vertx vertx, int warm) throws Exception {
    for (int i = 0; i < warm; i++) {
      check(pool.<Number>apply("double", i), i);
      check(rawCall(vertx, i), i);
    }
    long[][] nanos = new long[2][CALLS];
    for (int i = 0; i < CALLS; i++) {
      long start = System.nanoTime();
      Number result = pool.apply("double", i);
      nanos[0][i] = System.nanoTime() - start;
      check(result, i);
      start = System.nanoTime();
      result = rawCall(vertx, i);
      nanos[1][i] = System.nanoTime() - start;
      check(result, i);
    }
    return nanos;
  }

  static Number rawCall(Vertx vertx, int i) throws Exception {
    return vertx.eventBus().<JsonArray>request(RawDoubler.ADDRESS, new JsonArray().add(i))
        .await(10, TimeUnit.SECONDS).body().getLong(0);
  }

  private static void check(Number result, int i) {
    if (result.longValue() != 2L * i) {
      throw new IllegalStateException("apply(double, " + i + ") gave " + result);
    }
  }
}
