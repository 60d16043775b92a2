package io.taskbus.task.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownJobsTest {

  private final KnownJobs jobs = new KnownJobs(3);

  /** A chunk of the job that claims it and has run. */
  private static KnownJobs.Entry ran(KnownJobs jobs, String job, String user) {
    KnownJobs.Entry entry = jobs.claim(job, user);
    if (entry != null) {
      jobs.done(entry);
    }
    return entry;
  }

  @Test
  void jobIsItsFirstSendersAlone() {
    assertThat(ran(jobs, "j1", "alice")).isNotNull();
    assertThat(ran(jobs, "j1", "alice")).isNotNull();
    assertThat(ran(jobs, "j1", "bob")).isNull();
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
  void cancelOfAJobNotSeenYet_byAnotherUser_neitherCancelsItNorTakesItOver() {
    assertThat(jobs.cancel("j3", "bob")).isTrue();
    assertThat(jobs.cancelled("j3")).isFalse();
    KnownJobs.Entry alices = ran(jobs, "j3", "alice");
    assertThat(alices).isNotNull();
    assertThat(alices.cancelled()).isFalse();
    assertThat(ran(jobs, "j3", "bob")).as("the job is alice's").isNull();
    assertThat(jobs.cancel("j3", "bob")).isFalse();
  }

  @Test
  void table_isBounded_forgettingTheLeastRecentlyUsed() {
    ran(jobs, "j1", "a");
    ran(jobs, "j2", "a");
    ran(jobs, "j3", "a");
    ran(jobs, "j1", "a"); // used again: j2 is now the oldest
    ran(jobs, "j4", "a");
    assertThat(jobs.size()).isEqualTo(3);
    assertThat(ran(jobs, "j2", "someone-else")).as("j2 was forgotten").isNotNull();
  }

  @Test
  void floodOfJobIdsAndCancels_forgetsTheFloodersOwnEntries_notAnotherUsersJobs() {
    KnownJobs table = new KnownJobs(4);
    ran(table, "alice-1", "alice");
    ran(table, "alice-2", "alice");
    for (int i = 0; i < 1_000; i++) {
      table.cancel("junk-cancel-" + i, "eve");
      ran(table, "junk-job-" + i, "eve");
    }
    assertThat(table.size()).isEqualTo(4);
    assertThat(ran(table, "alice-1", "eve")).as("still alice's").isNull();
    assertThat(ran(table, "alice-2", "eve")).as("still alice's").isNull();
    assertThat(table.cancel("alice-2", "alice")).isTrue();
    assertThat(table.cancelled("alice-2")).isTrue();
  }

  @Test
  void entryOfAJobWithAChunkRunning_isNeverForgotten() {
    KnownJobs table = new KnownJobs(2);
    KnownJobs.Entry running = table.claim("long", "alice");
    for (int i = 0; i < 1_000; i++) {
      ran(table, "next-" + i, "alice");
    }
    assertThat(table.size()).isEqualTo(2);
    assertThat(ran(table, "long", "eve")).as("still alice's").isNull();
    assertThat(table.cancel("long", "alice")).isTrue();
    assertThat(running.cancelled()).isTrue();
    table.done(running);
    ran(table, "later-1", "alice");
    ran(table, "later-2", "alice");
    assertThat(ran(table, "long", "eve")).as("idle now, so forgotten").isNotNull();
  }
}
