package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.client.JobInfo;
import io.taskbus.client.PoolListener;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.Progress;
import io.taskbus.client.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a {@link PoolListener} hears from a job, on a virtual clock over a fake transport. */
class JobListenersTest {

  private final VirtualScheduler clock = new VirtualScheduler();
  private final FakeTransport transport = new FakeTransport();
  private final List<String> heard = new ArrayList<>();

  /** Writes down every call, with the numbers a test can know. */
  private final PoolListener recorder = new PoolListener() {
    @Override
    public void jobStarted(JobInfo job, long total) {
      heard.add("started " + job.id() + " " + job.task() + " " + total);
    }

    @Override
    public void chunkSent(JobInfo job, String worker, int items, int attempt) {
      heard.add("sent " + worker + " " + items + " #" + attempt);
    }

    @Override
    public void chunkResent(JobInfo job, String worker, int items, int attempt) {
      heard.add("resent " + worker + " " + items + " #" + attempt);
    }

    @Override
    public void chunkCompleted(JobInfo job, String worker, int items, long roundTripNanos,
        long workerMicros) {
      heard.add("completed " + worker + " " + items + " " + roundTripNanos / 1_000_000 + "ms "
          + workerMicros + "us");
    }

    @Override
    public void chunkFailed(JobInfo job, String worker, int items, Throwable cause,
        boolean retried) {
      heard.add("failed " + worker + " " + items + " " + cause.getClass().getSimpleName() + " "
          + (retried ? "retried" : "final"));
    }

    @Override
    public void jobEnded(JobInfo job, Progress progress, Throwable error) {
      heard.add("ended " + progress.done() + "/" + progress.total() + " "
          + (error == null ? "ok" : error.getClass().getSimpleName()));
    }
  };

  private Job start(int n, int chunkSize, PoolOptions options, PoolListener... more) {
    List<PoolListener> listeners = new ArrayList<>(List.of(more));
    listeners.add(recorder);
    ItemSource source = new ItemSource(IntStream.range(0, n).boxed().iterator(), n, false,
        UnaryOperator.identity());
    Job job = new Job("job-1", "double", source, JobSettings.of(options, chunkSize), transport,
        clock, listeners).start();
    clock.runQueued();
    return job;
  }

  @Test
  void aJob_isHeardFromStartToEnd_chunkByChunk_withRoundTripsOnThePoolsClock() {
    Job job = start(4, 2, new PoolOptions());
    assertThat(heard).containsExactly("started job-1 double 4", "sent w 2 #1", "sent w 2 #1");
    clock.advance(30);
    transport.sent.get(1).promise().complete(new ChunkResult(List.of(4, 6), List.of(), "w",
        1500, 0));
    transport.sent.get(0).doubled();
    assertThat(job.outcome().succeeded()).isTrue();
    assertThat(heard).containsSubsequence("completed w 2 30ms 1500us", "completed w 2 30ms 0us",
        "ended 4/4 ok");
  }

  @Test
  void aLostChunk_isHeardAsRetried_andATaskFailure_asTheJobsEnd() {
    start(4, 2, new PoolOptions().setMaxRetries(1));
    transport.sent.get(0).promise().fail(new RetryableFailure("worker w was lost"));
    clock.runQueued();
    assertThat(heard).containsSubsequence("failed w 2 RetryableFailure retried", "sent w 2 #2");
    transport.sent.get(1).promise().fail(new TaskFailedException(2, "double", "x.Boom", "boom",
        null, "w"));
    assertThat(heard).containsSubsequence("failed w 2 TaskFailedException final",
        "ended 0/4 TaskFailedException");
    assertThat(heard.stream().filter(h -> h.startsWith("ended"))).hasSize(1);
  }

  @Test
  void aRefusedChunk_isHeardAsResentAtTheSameAttempt_andASplitChunksHalvesToo() {
    start(4, 4, new PoolOptions());
    transport.sent.get(0).promise().fail(new Refused("worker w is full"));
    clock.runQueued();
    assertThat(heard).containsSubsequence("sent w 4 #1", "failed w 4 Refused retried",
        "resent w 4 #1");
    transport.sent.get(1).promise().fail(new MessageTooLarge("too large"));
    clock.runQueued();
    assertThat(heard).containsSubsequence("failed w 4 MessageTooLarge retried",
        "resent w 2 #1", "resent w 2 #1");
    transport.sent.get(2).promise().fail(new RetryableFailure("worker w was lost"));
    clock.runQueued();
    assertThat(heard).containsSubsequence("failed w 2 RetryableFailure retried", "sent w 2 #2");
    assertThat(heard.stream().filter(h -> h.startsWith("sent"))).hasSize(2);
  }

  @Test
  void aJobThatFailsBeforeItStarts_stillHearsStartAndEnd() {
    ItemSource source = new ItemSource(List.of(1).iterator(), 1, false,
        UnaryOperator.identity());
    Job job = new Job("job-2", "double", source, JobSettings.of(new PoolOptions(), 0),
        transport, clock, List.of(recorder));
    job.fail(new IllegalArgumentException("bad input"));
    clock.runQueued();
    assertThat(heard).containsExactly("started job-2 double 1",
        "ended 0/1 IllegalArgumentException");
  }

  @Test
  void aListenerThatThrows_harmsNeitherTheJobNorTheListenersAfterIt() {
    PoolListener thrower = new PoolListener() {
      @Override
      public void chunkSent(JobInfo job, String worker, int items, int attempt) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void jobEnded(JobInfo job, Progress progress, Throwable error) {
        throw new IllegalStateException("listener bug");
      }
    };
    Job job = start(2, 1, new PoolOptions(), thrower);
    transport.sent.forEach(FakeTransport.Sent::doubled);
    assertThat(job.outcome().result()).isEqualTo(List.of(0, 2));
    assertThat(heard).contains("sent w 1 #1", "ended 2/2 ok");
  }

  @Test
  void jobLogLine_saysTaskItemsWallAndRate_neverTheErrorsMessage() {
    Job job = start(2, 1, new PoolOptions());
    String line = JobLog.line(job, new Progress(2000, 2000, 0, 0, 0, 0), null, 2.0);
    assertThat(line).isEqualTo("job job-1 done: task 'double', 2000 items, 2.000 s,"
        + " 1000 items/s");
    assertThat(JobLog.line(job, new Progress(1, 2, 1, 0, 0, 0),
        new IllegalArgumentException("item 1: secret-argument"), 0.5))
        .contains("failed (IllegalArgumentException)").doesNotContain("secret-argument");
  }

  @Test
  void jobLog_infoForJobsOfHalfASecondOrMore_debugForShorterOnes() {
    assertThat(JobLog.levelFor(500_000_000L)).isEqualTo(System.Logger.Level.INFO);
    assertThat(JobLog.levelFor(499_999_999L)).as("an apply among thousands a second")
        .isEqualTo(System.Logger.Level.DEBUG);
  }
}
