package io.taskbus.client.impl;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Hazelcast's word on which Vert.x nodes left the cluster. A killed JVM is seen in well under a
 * second (its sockets close); a frozen one after the heartbeat timeout of {@code cluster.xml}.
 * Vert.x's own node listener is a single slot it uses for HA, so this listens on Hazelcast.
 */
final class ClusterMembership {

  /** The member attribute in which vertx-hazelcast keeps the Vert.x node id. */
  private static final String NODE_ID = "__vertx.nodeId";

  private ClusterMembership() {
  }

  /**
   * Calls {@code onLeft} with the Vert.x node id of every member that leaves, on a Hazelcast
   * thread. Returns the action that stops listening; does nothing without Hazelcast.
   */
  static Runnable watchDepartures(Vertx vertx, Consumer<String> onLeft) {
    ClusterManager manager = vertx instanceof VertxInternal internal ? internal.clusterManager()
        : null;
    if (!(manager instanceof HazelcastClusterManager hazelcast)
        || hazelcast.getHazelcastInstance() == null) {
      return () -> { };
    }
    HazelcastInstance instance = hazelcast.getHazelcastInstance();
    NodeOwners owners = new NodeOwners();
    UUID registration = instance.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        owners.joined(event.getMember().getAttribute(NODE_ID), event.getMember().getUuid());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(NODE_ID);
        if (owners.left(nodeId, event.getMember().getUuid())) {
          onLeft.accept(nodeId);
        }
      }
    });
    for (Member member : instance.getCluster().getMembers()) {
      owners.joined(member.getAttribute(NODE_ID), member.getUuid());
    }
    return () -> {
      try {
        instance.getCluster().removeMembershipListener(registration);
      } catch (RuntimeException alreadyShutDown) {
        // the node left the cluster first: nothing is listening any more
      }
    };
  }
}
