package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkSizerTest {

  @Test
  void requestedSize_alwaysWins() {
    ChunkSizer sizer = new ChunkSizer(7);
    assertThat(sizer.next(1_000, 2)).isEqualTo(7);
    sizer.measured(7, 70_000, 100, 0);
    assertThat(sizer.next(1_000, 2)).isEqualTo(7);
  }

  @Test
  void beforeAnyMeasure_singleItemsGo() {
    assertThat(new ChunkSizer(0).next(1_000_000, 4)).isEqualTo(1);
    assertThat(new ChunkSizer(0).next(-1, 4)).isEqualTo(1);
  }

  @Test
  void tinyItems_travelInLargeChunks_upToTheCap() {
    ChunkSizer sizer = new ChunkSizer(0);
    sizer.measured(1_000, 100, 4_000, 0); // 0.1 us and 4 bytes an item
    assertThat(sizer.next(-1, 4)).isEqualTo(ChunkSizer.MAX_AUTO_CHUNK);
    assertThat(sizer.next(10_000_000, 4)).isEqualTo(ChunkSizer.MAX_AUTO_CHUNK);
  }

  @Test
  void longItems_goOneAtATime() {
    ChunkSizer sizer = new ChunkSizer(0);
    sizer.measured(1, 50_000, 40, 0); // 50 ms an item
    assertThat(sizer.next(63, 4)).isEqualTo(1);
  }

  @Test
  void mediumItems_fillTheTargetTime() {
    ChunkSizer sizer = new ChunkSizer(0);
    sizer.measured(10, 10_000, 400, 0); // 1 ms an item
    assertThat(sizer.next(-1, 4)).isEqualTo((int) ChunkSizer.TARGET_CHUNK_MS);
  }

  @Test
  void largeItems_keepTheMessageSmall() {
    ChunkSizer sizer = new ChunkSizer(0);
    sizer.measured(10, 1, 10 * 100_000, 0); // 100 kB an item, no time at all
    assertThat(sizer.next(-1, 4)).isEqualTo((int) (ChunkSizer.TARGET_CHUNK_BYTES / 100_000));
  }

  @Test
  void nearTheEnd_chunksShrinkSoEverySlotFinishesTogether() {
    ChunkSizer sizer = new ChunkSizer(0);
    sizer.measured(1_000, 100, 4_000, 0);
    assertThat(sizer.next(800, 4)).isEqualTo(100);
    assertThat(sizer.next(3, 4)).isEqualTo(1);
  }

  @Test
  void nearTheEnd_chunksStopShrinkingWhereTheirTripCostsMoreThanTheirRun() {
    ChunkSizer sizer = new ChunkSizer(0);
    // 0.1 us an item; the chunk came back 2 ms after it left, of which it ran 100 us
    sizer.measured(1_000, 100, 4_000, 2_000_000);
    assertThat(sizer.next(50_000, 4)).isEqualTo(19_000);
    assertThat(sizer.next(800, 4)).isEqualTo(800); // the rest in one chunk, not eight
    assertThat(sizer.next(3, 4)).isEqualTo(3);
  }

  @Test
  void aTripThatCostsNothing_letsTheEndShrinkToSingleItems() {
    ChunkSizer sizer = new ChunkSizer(0);
    sizer.measured(10, 500_000, 400, 500_000_000); // 50 ms an item, no time travelling
    assertThat(sizer.next(8, 4)).isEqualTo(1);
  }
}
