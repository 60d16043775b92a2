package io.taskbus.node;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.UUID;

/**
 * One id per Vert.x node, shared by the verticles deployed on it: the cluster manager's node id
 * when clustered (so clients can match workers to Hazelcast's membership events), else a UUID.
 */
final class NodeIds {

  private NodeIds() {
  }

  static String of(Vertx vertx) {
    ClusterManager manager = vertx instanceof VertxInternal internal ? internal.clusterManager()
        : null;
    if (manager != null && manager.getNodeId() != null) {
      return manager.getNodeId();
    }
    LocalMap<String, String> map = vertx.sharedData().getLocalMap("taskbus.node");
    String fresh = UUID.randomUUID().toString();
    String existing = map.putIfAbsent("id", fresh);
    return existing == null ? fresh : existing;
  }
}
