package io.taskbus.client.impl;

import io.taskbus.client.PoolListener;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.metrics.PoolMeters;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Meters a pool in the registry of its Vert.x's own metrics: when the Vert.x runs
 * vertx-micrometer-metrics (a node that serves {@code /metrics}, or a service that turned them
 * on), its pools count there without being asked. Micrometer and vertx-micrometer-metrics are
 * optional for the client: without them, or with metrics off, nothing is loaded or counted.
 */
final class VertxMeters {

  private static final boolean PRESENT = present();

  private VertxMeters() {
  }

  /**
   * A {@link PoolMeters} in {@code vertx}'s default Micrometer registry, or null: metrics off, not
   * Micrometer's, or the options carry a {@code PoolMeters} already (no item counts twice).
   */
  static PoolListener of(Vertx vertx, PoolOptions options) {
    return PRESENT && vertx.isMetricsEnabled() ? Holder.meters(options) : null;
  }

  private static boolean present() {
    try {
      ClassLoader loader = VertxMeters.class.getClassLoader();
      Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader);
      Class.forName("io.vertx.micrometer.backends.BackendRegistries", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Loaded only when Micrometer is on the class path. */
  private static final class Holder {

    static PoolListener meters(PoolOptions options) {
      for (PoolListener listener : options.getListeners()) {
        if (listener instanceof PoolMeters) {
          return null;
        }
      }
      var registry = BackendRegistries.getDefaultNow();
      return registry == null ? null : new PoolMeters(registry);
    }
  }
}
