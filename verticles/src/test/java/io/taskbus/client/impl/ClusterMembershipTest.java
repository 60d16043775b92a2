package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Departures on a real cluster, with a rogue Hazelcast member that claims a worker's node id. */
@Timeout(120)
class ClusterMembershipTest {

  private TestCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager())
        .getHazelcastInstance();
  }

  @Test
  void memberClaimingAWorkersNodeIdThenLeaving_dropsNothing_theWorkersOwnDepartureDoes()
      throws Exception {
    cluster = TestCluster.start(1).withClient();
    Vertx worker = cluster.workers().get(0);
    String victim = hazelcast(worker).getCluster().getLocalMember()
        .getAttribute("__vertx.nodeId");
    List<String> left = new CopyOnWriteArrayList<>();
    Runnable stopWatching = ClusterMembership.watchDepartures(cluster.client(), left::add);
    HazelcastInstance client = hazelcast(cluster.client());
    // registered after the watch, to know when Hazelcast has seen each removal
    List<UUID> removed = new CopyOnWriteArrayList<>();
    client.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        removed.add(event.getMember().getUuid());
      }
    });

    // a plain Hazelcast member on the same loopback cluster, carrying the worker's node id
    Config config = ClusterNodes.hazelcastConfig(cluster.conf(), true);
    config.setInstanceName("rogue-" + UUID.randomUUID());
    config.getMemberAttributeConfig().setAttribute("__vertx.nodeId", victim);
    HazelcastInstance rogue = Hazelcast.newHazelcastInstance(config);
    UUID rogueMember = rogue.getCluster().getLocalMember().getUuid();
    await().atMost(Duration.ofSeconds(60)).until(() -> client.getCluster().getMembers()
        .stream().anyMatch(m -> m.getUuid().equals(rogueMember)));
    rogue.shutdown();
    await().atMost(Duration.ofSeconds(60)).until(() -> removed.contains(rogueMember));
    assertThat(left).as("the rogue's departure is not the worker's").isEmpty();

    UUID workerMember = hazelcast(worker).getCluster().getLocalMember().getUuid();
    cluster.workers().remove(worker);
    worker.close().await();
    await().atMost(Duration.ofSeconds(60)).until(() -> removed.contains(workerMember));
    // Hazelcast may tell the two listeners on different threads: wait for the watch's word.
    // Both departures carried the same node id and reach the watch in order, so had the
    // rogue's counted, there would be two entries now
    await().atMost(Duration.ofSeconds(60)).until(() -> !left.isEmpty());
    assertThat(left).as("the worker's own departure counts, once").containsExactly(victim);
    stopWatching.run();
  }
}
