package io.taskbus.task.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownJobsTest {

  private final KnownJobs jobs = new KnownJobs(3);

  @Test
  void jobIsItsFirstSendersAlone() {
    assertThat(jobs.claim("j1", "alice")).isNotNull();
    assertThat(jobs.claim("j1", "alice")).isNotNull();
    assertThat(jobs.claim("j1", "bob")).isNull();
    assertThat(jobs.cancel("j1", "bob")).isFalse();
    assertThat(jobs.cancelled("j1")).isFalse();
  }

  @Test
  void cancel_flagsTheEntryThatRunningChunksPoll() {
    KnownJobs.Entry entry = jobs.claim("j1", "alice");
    assertThat(jobs.cancel("j1", "alice")).isTrue();
    assertThat(entry.cancelled()).isTrue();
  }

  @Test
  void cancelOfAJobNotSeenYet_isRemembered_soItsLateChunksAreDropped() {
    assertThat(jobs.cancel("j2", "alice")).isTrue();
    assertThat(jobs.claim("j2", "alice").cancelled()).isTrue();
    assertThat(jobs.claim("j2", "bob")).isNull();
  }

  @Test
  void table_isBounded_forgettingTheLeastRecentlyUsed() {
    jobs.claim("j1", "a");
    jobs.claim("j2", "a");
    jobs.claim("j3", "a");
    jobs.claim("j1", "a"); // used again: j2 is now the oldest
    for (int i = 0; i < 1_000; i++) {
      jobs.cancel("random-" + i, "eve");
    }
    assertThat(jobs.size()).isEqualTo(3);
    assertThat(jobs.claim("j2", "someone-else")).as("j2 was forgotten").isNotNull();
  }
}
