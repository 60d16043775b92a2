package io.taskbus.client.impl;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cluster member each Vert.x node id was first seen with. Any member may claim any node
 * id (the id is only a member attribute): a departure counts only when the member that leaves
 * is the one first seen with that id, so a member that joins with a worker's id and leaves
 * cannot make clients drop a healthy worker. Called from Hazelcast's threads.
 */
final class NodeOwners {

  private final Map<String, UUID> owners = new ConcurrentHashMap<>();

  /** A member joined (or was there already) carrying {@code nodeId}. */
  void joined(String nodeId, UUID member) {
    if (nodeId != null && member != null) {
      owners.putIfAbsent(nodeId, member);
    }
  }

  /** True when {@code member} leaving means node {@code nodeId} left. */
  boolean left(String nodeId, UUID member) {
    return nodeId != null && member != null && owners.remove(nodeId, member);
  }
}
