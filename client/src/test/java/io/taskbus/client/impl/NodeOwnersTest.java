package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class NodeOwnersTest {

  private final NodeOwners owners = new NodeOwners();
  private final UUID worker = UUID.randomUUID();
  private final UUID rogue = UUID.randomUUID();

  @Test
  void aMemberClaimingAnotherNodesId_leavesWithoutTakingThatNodeAlong() {
    owners.joined("node-1", worker);
    owners.joined("node-1", rogue);
    assertThat(owners.left("node-1", rogue)).isFalse();
    assertThat(owners.left("node-1", worker)).isTrue();
  }

  @Test
  void aNodeThatLeft_countsOnce_andItsIdMayComeBackOnANewMember() {
    owners.joined("node-1", worker);
    assertThat(owners.left("node-1", worker)).isTrue();
    assertThat(owners.left("node-1", worker)).isFalse();
    UUID restarted = UUID.randomUUID();
    owners.joined("node-1", restarted);
    assertThat(owners.left("node-1", restarted)).isTrue();
  }

  @Test
  void aMemberNeverSeen_orWithoutANodeId_meansNothing() {
    assertThat(owners.left("node-9", rogue)).isFalse();
    owners.joined(null, rogue);
    assertThat(owners.left(null, rogue)).isFalse();
  }
}
