package io.taskbus.task.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownJobsTest {

  private final KnownJobs jobs = new KnownJobs(3);

  /** A chunk of the job that claims it and has run. */
  private static KnownJobs.Entry ran(KnownJobs jobs, String job, String user) {
    KnownJobs.Entry entry = jobs.claim(job, user);
    jobs.done(entry);
    return entry;
  }

  @Test
  void sameJobId_ofTwoUsers_isTwoJobs_soNeitherCancelsNorSendsIntoTheOther() {
    KnownJobs.Entry bobsFirst = ran(jobs, "j1", "bob"); // bob sends first, with alice's id
    KnownJobs.Entry alices = ran(jobs, "j1", "alice");
    assertThat(alices).isNotSameAs(bobsFirst);
    jobs.cancel("j1", "bob");
    assertThat(alices.cancelled()).isFalse();
    assertThat(jobs.cancelled("j1", "alice")).isFalse();
    assertThat(ran(jobs, "j1", "alice")).isSameAs(alices);
  }

  @Test
  void cancel_flagsTheEntryThatRunningChunksPoll() {
    KnownJobs.Entry entry = jobs.claim("j1", "alice");
    jobs.cancel("j1", "alice");
    assertThat(entry.cancelled()).isTrue();
  }

  @Test
  void cancelOfAJobNotSeenYet_isRemembered_soItsLateChunksAreDropped() {
    jobs.cancel("j2", "alice");
    assertThat(jobs.claim("j2", "alice").cancelled()).isTrue();
    assertThat(jobs.claim("j2", "bob").cancelled()).as("bob's j2 is another job").isFalse();
  }

  @Test
  void table_isBounded_forgettingTheLeastRecentlyUsed() {
    ran(jobs, "j1", "a");
    jobs.cancel("j2", "a");
    ran(jobs, "j3", "a");
    ran(jobs, "j1", "a"); // used again: j2 is now the oldest
    ran(jobs, "j4", "a");
    assertThat(jobs.size()).isEqualTo(3);
    assertThat(jobs.cancelled("j2", "a")).as("j2 was forgotten").isFalse();
    assertThat(jobs.cancelled("j1", "a")).isFalse();
  }

  @Test
  void floodOfJobIdsAndCancels_forgetsTheFloodersOwnEntries_notAnotherUsersJobs() {
    KnownJobs table = new KnownJobs(4);
    ran(table, "alice-1", "alice");
    table.cancel("alice-2", "alice");
    for (int i = 0; i < 1_000; i++) {
      table.cancel("junk-cancel-" + i, "eve");
      ran(table, "junk-job-" + i, "eve");
    }
    assertThat(table.size()).isEqualTo(4);
    assertThat(table.cancelled("alice-2", "alice")).as("alice's cancel is kept").isTrue();
    assertThat(table.claim("alice-2", "alice").cancelled()).isTrue();
  }

  @Test
  void entryOfAJobWithAChunkRunning_isNeverForgotten() {
    KnownJobs table = new KnownJobs(2);
    KnownJobs.Entry running = table.claim("long", "alice");
    for (int i = 0; i < 1_000; i++) {
      ran(table, "next-" + i, "alice");
    }
    assertThat(table.size()).isEqualTo(2);
    table.cancel("long", "alice");
    assertThat(running.cancelled()).isTrue();
    table.done(running);
    ran(table, "later-1", "alice");
    ran(table, "later-2", "alice");
    assertThat(table.claim("long", "alice")).as("idle now, so forgotten").isNotSameAs(running);
  }
}
