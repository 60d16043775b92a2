package io.taskbus.task.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Item time limits on a virtual clock: expiry, then giving up on an item that ignores it. */
class DeadlineSweeperTest {

  private long now;
  private final DeadlineSweeper sweeper = new DeadlineSweeper(null, () -> now);
  private final List<String> events = new ArrayList<>();

  private void advanceMs(long ms) {
    now += ms * 1_000_000;
    sweeper.sweep();
  }

  @Test
  void itemPastItsLimit_isExpired_thenGivenUpOnAfterTheGracePeriod() {
    sweeper.arm(200, () -> events.add("expired"), () -> events.add("stuck"));
    advanceMs(199);
    assertThat(events).isEmpty();
    advanceMs(1);
    assertThat(events).containsExactly("expired");
    advanceMs(DeadlineSweeper.MIN_GRACE_MS - 1);
    assertThat(events).containsExactly("expired");
    advanceMs(1);
    assertThat(events).containsExactly("expired", "stuck");
    assertThat(sweeper.armed()).isZero();
  }

  @Test
  void longLimits_getAGraceAsLongAsTheLimit() {
    sweeper.arm(5_000, () -> events.add("expired"), () -> events.add("stuck"));
    advanceMs(5_000 + 4_999);
    assertThat(events).containsExactly("expired");
    advanceMs(1);
    assertThat(events).containsExactly("expired", "stuck");
  }

  @Test
  void disarmedItem_neverExpires_andLeavesNothingArmed() {
    Runnable disarm = sweeper.arm(100, () -> events.add("expired"), () -> events.add("stuck"));
    advanceMs(50);
    disarm.run();
    advanceMs(10_000);
    assertThat(events).isEmpty();
    assertThat(sweeper.armed()).isZero();
  }

  @Test
  void manyItems_oneSweeper_eachAtItsOwnTime() {
    for (int i = 1; i <= 100; i++) {
      int n = i;
      sweeper.arm(i * 10L, () -> events.add("e" + n), () -> { });
    }
    advanceMs(505);
    assertThat(events).containsExactlyInAnyOrderElementsOf(
        java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(i -> "e" + i).toList());
  }

  /** A watched item that records what the watch does to it. */
  private ChunkRunner.WatchedItem item(long index) {
    return new ChunkRunner.WatchedItem() {
      @Override
      public void expire() {
        events.add("e" + index);
      }

      @Override
      public long index() {
        return index;
      }
    };
  }

  @Test
  void watchedChunk_givesEachItemInTurnItsOwnLimit_fromTheSweepThatFirstSeesIt() {
    ChunkRunner.ItemWatch watch = sweeper.watch(200, i -> events.add("s" + i));
    watch.start(item(1));
    advanceMs(DeadlineSweeper.SWEEP_MS); // the sweep that first sees it
    advanceMs(150);
    watch.stop();
    watch.start(item(2));
    advanceMs(DeadlineSweeper.SWEEP_MS);
    advanceMs(150);
    assertThat(events).as("each item's limit counts from its start").isEmpty();
    advanceMs(50);
    assertThat(events).containsExactly("e2");
    watch.stop();
    advanceMs(10_000);
    assertThat(events).as("a stopped item is never given up on").containsExactly("e2");
    watch.close();
    assertThat(sweeper.armed()).isZero();
  }

  @Test
  void watchedItemThatIgnoresItsExpiry_isGivenUpOn_andItsChunkNoLongerWatched() {
    ChunkRunner.ItemWatch watch = sweeper.watch(200, i -> events.add("stuck " + i));
    watch.start(item(7));
    advanceMs(DeadlineSweeper.SWEEP_MS);
    advanceMs(200);
    advanceMs(DeadlineSweeper.MIN_GRACE_MS);
    assertThat(events).containsExactly("e7", "stuck 7");
    assertThat(sweeper.armed()).isZero();
    advanceMs(10_000);
    assertThat(events).containsExactly("e7", "stuck 7");
  }

  @Test
  void itemsThatFollowEachOtherBetweenTwoSweeps_eachGetTheirOwnLimit() {
    ChunkRunner.ItemWatch watch = sweeper.watch(200, i -> events.add("s" + i));
    for (int i = 0; i < 100; i++) {
      watch.start(item(i));
      watch.stop();
    }
    watch.start(item(100));
    advanceMs(DeadlineSweeper.SWEEP_MS);
    advanceMs(190);
    assertThat(events).isEmpty();
    advanceMs(10);
    assertThat(events).containsExactly("e100");
    watch.close();
  }
}
