package io.taskbus.node;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.util.UUID;

/** One id per Vert.x node, shared by the verticles deployed on it. */
final class NodeIds {

  private NodeIds() {
  }

  static String of(Vertx vertx) {
    LocalMap<String, String> map = vertx.sharedData().getLocalMap("taskbus.node");
    String fresh = UUID.randomUUID().toString();
    String existing = map.putIfAbsent("id", fresh);
    return existing == null ? fresh : existing;
  }
}
