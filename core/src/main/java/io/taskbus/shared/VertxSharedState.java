package io.taskbus.shared;

import io.vertx.core.Vertx;

/**
 * Shared state over one Vert.x's {@code SharedData}. Every name gets a prefix of its kind, so a
 * user's names never meet Vert.x's or taskbus's own, nor each other across kinds.
 */
final class VertxSharedState implements SharedState {

  static final String PREFIX = "taskbus.shared.";

  private final Vertx vertx;

  VertxSharedState(Vertx vertx) {
    if (vertx == null) {
      throw new IllegalArgumentException("shared state needs a Vert.x");
    }
    this.vertx = vertx;
  }

  @Override
  public SharedCounter counter(String name) {
    return new VertxCounter(vertx.sharedData(), checked("counter", name),
        PREFIX + "counter." + name);
  }

  @Override
  public SharedMap sharedMap(String name) {
    return new VertxMap(vertx.sharedData(), checked("map", name), PREFIX + "map." + name);
  }

  @Override
  public SharedLock lock(String name) {
    return new VertxLock(vertx, checked("lock", name), PREFIX + "lock." + name);
  }

  private static String checked(String kind, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a shared " + kind + " needs a name that is not "
          + "blank, got " + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }
}
