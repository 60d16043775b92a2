package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

  @Test
  void chunkSize_auto_followsPoolMapRule() {
    // Pool.map: chunksize, extra = divmod(n, workers * 4); chunksize += 1 if extra
    assertThat(ChunkPlanner.chunkSize(0, 100, 2)).isEqualTo(13);
    assertThat(ChunkPlanner.chunkSize(0, 80, 2)).isEqualTo(10);
    assertThat(ChunkPlanner.chunkSize(0, 3, 4)).isEqualTo(1);
  }

  @Test
  void chunkSize_requested_winsAndAutoIsBounded() {
    assertThat(ChunkPlanner.chunkSize(7, 1_000, 2)).isEqualTo(7);
    assertThat(ChunkPlanner.chunkSize(0, 10_000_000, 1)).isEqualTo(ChunkPlanner.MAX_AUTO_CHUNK);
    assertThat(ChunkPlanner.chunkSize(0, 10, 0)).isEqualTo(3);
  }
}
