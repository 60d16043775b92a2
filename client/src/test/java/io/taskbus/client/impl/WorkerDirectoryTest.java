package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The directory on a virtual clock: who is available, who is gone, and when. */
class WorkerDirectoryTest {

  private final VirtualScheduler clock = new VirtualScheduler();
  private final WorkerDirectory directory = new WorkerDirectory(clock, "tasks");
  private final List<String> lost = new ArrayList<>();
  private int changes;

  WorkerDirectoryTest() {
    directory.addListener(new WorkerDirectory.Listener() {
      @Override
      public void changed() {
        changes++;
      }

      @Override
      public void lost(String worker) {
        lost.add(worker);
      }
    });
    directory.start();
  }

  /** An announcement as the pool gets it: read with the login's key, then handed over. */
  private void announce(JsonObject envelope) {
    directory.announced(TestKeys.reader().apply(envelope));
  }

  private JsonObject signed(WorkerInfo info) {
    return TestKeys.signed(info, clock.currentTimeMillis());
  }

  private void announce(String worker, String node, boolean leaving) {
    announce(signed(new WorkerInfo(worker, node, "tasks.w." + worker, 2, 4,
        List.of("double"), leaving, 300)));
  }

  @Test
  void forgedAnnouncements_pointingElsewhere_orClaimingTooMuch_areNotBelieved() {
    List<WorkerInfo> forged = List.of(
        new WorkerInfo("x", "n9", "taskbus.auth", 2, 4, List.of("double"), false, 300),
        new WorkerInfo("x", "n9", "tasks.w.y", 2, 4, List.of("double"), false, 300),
        new WorkerInfo("x", "n9", "tasks.w.x", 1_000_000, 4, List.of("double"), false, 300),
        new WorkerInfo("x", "n9", "tasks.w.x", 2, 1_000_000, List.of("double"), false, 300),
        new WorkerInfo("x", "n9", "tasks.w.x", 0, 0, List.of("double"), false, 300),
        new WorkerInfo("x", "n9", "tasks.w.x", 2, 4, List.of("double"), false, 1),
        new WorkerInfo("x", "n9", "tasks.w.x", 2, 4, List.of("double"), false, 86_400_000L));
    forged.forEach(info -> announce(signed(info)));
    assertThat(directory.all()).isEmpty();
    assertThat(changes).isZero();
    announce(signed(new WorkerInfo("x", "n9", "tasks.w.x", 2, 4, List.of("double"),
        false, 300)));
    assertThat(directory.all()).hasSize(1);
  }

  @Test
  void unsignedOrOtherClustersOrOldOrPlayedBackAnnouncements_changeNothing() {
    WorkerInfo real = new WorkerInfo("a", "n1", "tasks.w.a", 2, 4, List.of("double"), false,
        300);
    WorkerInfo leaving = new WorkerInfo("a", "n1", "tasks.w.a", 2, 4, List.of("double"), true,
        300);
    JsonObject earlier = signed(leaving);
    clock.advance(10);
    announce(real.toJson());
    announce(io.taskbus.auth.ClusterKeys.of("another-cluster-secret-of-length")
        .announcementSigner().sign(real, clock.currentTimeMillis()));
    announce(TestKeys.signed(real, clock.currentTimeMillis()
        - WorkerDirectory.MAX_AGE_MS - 1));
    announce(signed(real).put("announcement", leaving.toJson().encode()));
    assertThat(directory.all()).as("none believed").isEmpty();
    announce(signed(real));
    announce(earlier); // signed by the worker, but before its latest
    assertThat(directory.available()).containsExactly(real);
    assertThat(changes).isEqualTo(1);
  }

  @Test
  void announcementsThatDifferOnlyInLiveNumbers_areKept_butChangeNoRoute() {
    WorkerInfo idle = new WorkerInfo("a", "n1", "tasks.w.a", 2, 4, List.of("double"), false,
        300);
    for (long t = 0; t <= WorkerDirectory.SETTLE_MS; t += 300) { // until the directory settles
      announce(signed(idle));
      clock.advance(300);
    }
    int before = changes;
    for (int i = 1; i <= 5; i++) {
      clock.advance(300);
      announce(signed(new WorkerInfo("a", "n1", "tasks.w.a", 2, 4, List.of("double"), false,
          300, i % 2, i % 3, 10L * i, 100L * i, 0.5, 1L << 20, 1L << 30, 1)));
    }
    assertThat(changes).as("a pool re-plans only when where or what it may send changes")
        .isEqualTo(before);
    assertThat(directory.all()).extracting(WorkerInfo::served).containsExactly(50L);
    clock.advance(300);
    announce("a", "n1", true);
    assertThat(changes).isEqualTo(before + 1);
  }

  @Test
  void announcementOfAKnownWorkerFromAnotherNode_changesNothing() {
    announce("a", "n1", false);
    announce(signed(new WorkerInfo("a", "rogue", "tasks.w.a", 2, 4,
        List.of("double"), true,
        300)));
    assertThat(directory.available()).extracting(WorkerInfo::node).containsExactly("n1");
  }

  @Test
  void workerSilentForThreeIntervals_isLost_andOneThatAnnounces_isNot() {
    announce("a", "n1", false);
    announce("b", "n2", false);
    for (int i = 0; i < 10; i++) {
      clock.advance(300);
      announce("a", "n1", false);
    }
    assertThat(lost).containsExactly("b");
    assertThat(directory.available()).extracting(WorkerInfo::worker).containsExactly("a");
  }

  @Test
  void leavingWorkerThatKeepsAnnouncing_staysKnownButTakesNothing_however_longItDrains() {
    announce("a", "n1", false);
    announce("a", "n1", true);
    for (int i = 0; i < 20; i++) { // 6 s of draining: twenty intervals
      clock.advance(300);
      announce("a", "n1", true);
    }
    assertThat(lost).isEmpty();
    assertThat(directory.available()).isEmpty();
    assertThat(directory.all()).extracting(WorkerInfo::worker).containsExactly("a");
  }

  @Test
  void leavingWorkerThatFallsSilent_isLostAfterThreeIntervals() {
    announce("a", "n1", true);
    clock.advance(3 * 300);
    assertThat(lost).isEmpty();
    clock.advance(WorkerDirectory.MISSED_ANNOUNCEMENTS * 300L);
    assertThat(lost).containsExactly("a");
  }

  @Test
  void nodeLeft_dropsItsWorkersAtOnce() {
    announce("a", "n1", false);
    announce("b", "n1", false);
    announce("c", "n2", false);
    directory.nodeLeft("n1");
    assertThat(lost).containsExactlyInAnyOrder("a", "b");
    assertThat(directory.available()).extracting(WorkerInfo::worker).containsExactly("c");
  }

  @Test
  void settles_afterEveryWorkerHadTimeToAnnounce() {
    assertThat(directory.settled()).isFalse();
    clock.advance(WorkerDirectory.SETTLE_MS);
    assertThat(directory.settled()).isTrue();
    assertThat(changes).isPositive();
  }

  @Test
  void stop_cancelsEveryTimer_evenBeforeItSettled() {
    assertThat(clock.pendingTimers()).isEqualTo(2);
    directory.stop();
    assertThat(clock.pendingTimers()).isZero();
    clock.advance(10_000);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void announcementThatIsNotAWorkers_isIgnored() {
    announce(new io.vertx.core.json.JsonObject().put("worker", 5));
    announce(new io.vertx.core.json.JsonObject().put("hello", "world"));
    assertThat(directory.all()).isEmpty();
  }
}
