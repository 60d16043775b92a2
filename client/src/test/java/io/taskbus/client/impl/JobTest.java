package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.client.FailingIterators;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.OutputLine;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.Progress;
import io.taskbus.client.TaskPoolException;
import io.taskbus.protocol.LogLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A job over a fake transport, on a virtual clock: every step is the test's to take. */
class JobTest {

  private final VirtualScheduler clock = new VirtualScheduler();
  private final FakeTransport transport = new FakeTransport();

  private Job start(Iterator<?> items, long size, int chunkSize) {
    return start(items, size, chunkSize, new PoolOptions());
  }

  private Job start(Iterator<?> items, long size, int chunkSize, PoolOptions options) {
    ItemSource source = new ItemSource(items, size, false, UnaryOperator.identity());
    Job job = new Job("job-1", "double", source, JobSettings.of(options, chunkSize), transport,
        clock).start();
    clock.runQueued();
    return job;
  }

  private Job startRange(int n, int chunkSize) {
    return start(IntStream.range(0, n).boxed().iterator(), n, chunkSize);
  }

  private static List<Object> doubles(int n) {
    return IntStream.range(0, n).map(i -> 2 * i).boxed().map(Object.class::cast).toList();
  }

  private static Throwable failure(Job job) {
    assertThat(job.outcome().failed()).as("the job failed").isTrue();
    return job.outcome().cause();
  }

  @Test
  void outputIsReleasedInItemOrder_andLinesClaimingAnotherChunksItemAreDropped() {
    Job job = startRange(6, 2);
    List<OutputLine> heard = new ArrayList<>();
    job.onOutput(heard::add);
    clock.runQueued();
    answer(transport.sent.get(1), List.of(new LogLine(3, "three"), new LogLine(0, "forged")));
    assertThat(heard).as("items 0 and 1 are not in yet").isEmpty();
    answer(transport.sent.get(0), List.of(new LogLine(1, "one")));
    assertThat(heard).containsExactly(new OutputLine(1, "one"), new OutputLine(3, "three"));
    answer(transport.sent.get(2), List.of(new LogLine(4, "four")));
    assertThat(job.output()).containsExactly(new OutputLine(1, "one"),
        new OutputLine(3, "three"), new OutputLine(4, "four"));
    assertThat(job.outcome().result()).isEqualTo(doubles(6));
  }

  @Test
  void progressListener_hearsAFewTimesASecond_andOnceAtTheEnd() {
    Job job = startRange(6, 2);
    List<Progress> heard = new ArrayList<>();
    job.onProgress(heard::add);
    clock.runQueued();
    clock.advance(Job.PROGRESS_MS - 1);
    assertThat(heard).isEmpty();
    transport.sent.get(0).doubled();
    clock.advance(1);
    assertThat(heard).hasSize(1);
    assertThat(heard.get(0).done()).isEqualTo(2);
    assertThat(heard.get(0).total()).isEqualTo(6);
    assertThat(heard.get(0).inFlight()).isEqualTo(4);
    clock.advance(Job.PROGRESS_MS);
    assertThat(heard).hasSize(2);
    transport.sent.get(1).doubled();
    transport.sent.get(2).doubled();
    assertThat(heard).hasSize(3);
    assertThat(heard.get(2).done()).isEqualTo(6);
    assertThat(heard.get(2).inFlight()).isZero();
    clock.advance(10 * Job.PROGRESS_MS);
    assertThat(heard).as("no timer outlives the job").hasSize(3);
  }

  private static void answer(FakeTransport.Sent sent, List<LogLine> logs) {
    List<Object> results = new ArrayList<>();
    for (Object args : sent.chunk().args()) {
      results.add(2 * ((Integer) ((List<?>) args).get(0)));
    }
    sent.promise().complete(new ChunkResult(results, logs, "w", 0, 0));
  }

  @Test
  void repliesInAnyOrder_giveEveryResultAtItsIndex() {
    Job job = startRange(10, 3);
    assertThat(transport.sent).hasSize(4); // the window: 4 credits
    transport.sent.get(2).doubled();
    transport.sent.get(0).doubled();
    transport.sent.get(3).doubled();
    transport.sent.get(1).doubled();
    assertThat(job.outcome().result()).isEqualTo(doubles(10));
    assertThat(job.completedItems()).isEqualTo(10);
    assertThat(job.retriedChunks()).isZero();
  }

  @Test
  void window_holdsNoMoreChunksThanTheCredits_andRefillsAsRepliesCome() {
    Job job = startRange(100, 1);
    assertThat(transport.sent).hasSize(4);
    transport.sent.get(0).doubled();
    assertThat(transport.sent).hasSize(5);
    assertThat(transport.pending()).hasSize(4);
    while (!transport.pending().isEmpty()) {
      transport.pending().get(0).doubled();
    }
    assertThat(job.outcome().result()).isEqualTo(doubles(100));
  }

  @Test
  void chunkTooLargeForAMessage_isSplitInHalves_andASingleItemTooLargeFailsNamingIt() {
    Job job = startRange(4, 4);
    transport.sent.get(0).promise().fail(new MessageTooLarge("over the limit"));
    assertThat(transport.sent).hasSize(3);
    assertThat(transport.sent.get(1).chunk().first()).isZero();
    assertThat(transport.sent.get(1).chunk().args()).hasSize(2);
    assertThat(transport.sent.get(2).chunk().first()).isEqualTo(2);
    transport.sent.get(1).doubled();
    transport.sent.get(2).promise().fail(new MessageTooLarge("over the limit"));
    transport.sent.get(3).promise().fail(new MessageTooLarge("over the limit"));
    assertThat(failure(job)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 2").hasMessageContaining("over the limit");
    assertThat(job.retriedChunks()).isZero();
  }

  @Test
  void lostChunk_goesAgainAtOnce_thenWithBackoffDoublingOnTheClock() {
    Job job = startRange(1, 1);
    transport.sent.get(0).promise().fail(new RetryableFailure("worker lost"));
    assertThat(transport.sent).as("the first re-send goes at once").hasSize(2);
    assertThat(transport.sent.get(1).chunk().attempt()).isEqualTo(2);
    transport.sent.get(1).promise().fail(new RetryableFailure("worker lost"));
    clock.advance(Job.FIRST_BACKOFF_MS - 1);
    assertThat(transport.sent).hasSize(2);
    clock.advance(1);
    assertThat(transport.sent).hasSize(3);
    transport.sent.get(2).promise().fail(new RetryableFailure("worker lost"));
    clock.advance(2 * Job.FIRST_BACKOFF_MS - 1);
    assertThat(transport.sent).hasSize(3);
    clock.advance(1);
    assertThat(transport.sent).hasSize(4);
    transport.sent.get(3).doubled();
    assertThat(job.outcome().result()).containsExactly(0);
    assertThat(job.retriedChunks()).isEqualTo(3);
  }

  @Test
  void chunkLostMoreThanMaxRetries_failsTheJobNamingItsItems() {
    Job job = start(IntStream.range(0, 2).boxed().iterator(), 2, 2,
        new PoolOptions().setMaxRetries(1));
    transport.sent.get(0).promise().fail(new RetryableFailure("worker lost"));
    transport.sent.get(1).promise().fail(new RetryableFailure("worker lost again"));
    assertThat(failure(job)).isInstanceOf(TaskPoolException.class)
        .hasMessageContaining("items 0..1").hasMessageContaining("lost 2 times");
    assertThat(transport.cancelled).containsExactly("job-1");
  }

  @Test
  void lateReplyOfTheLostSending_isNotTakenTwice() {
    Job job = startRange(2, 2);
    FakeTransport.Sent first = transport.sent.get(0);
    first.promise().fail(new RetryableFailure("worker silent"));
    transport.sent.get(1).doubled();
    assertThat(job.outcome().result()).isEqualTo(doubles(2));
    // the lost sending can no longer answer: its promise failed, and the job ignores it
    assertThat(first.promise().tryComplete(new ChunkResult(List.of(7, 7), List.of(), "w", 0, 0))).isFalse();
    assertThat(job.completedItems()).isEqualTo(2);
  }

  @Test
  void resultCountThatIsNotTheChunks_failsTheJob() {
    Job job = startRange(3, 3);
    transport.sent.get(0).promise().complete(new ChunkResult(List.of(0, 2), List.of(), "w9", 0, 0));
    assertThat(failure(job)).isInstanceOf(TaskPoolException.class)
        .hasMessageContaining("worker w9 returned 2 results for a chunk of 3 items");
  }

  @Test
  void refusedChunk_goesAgainWithoutCountingAnAttemptOrARetry() {
    Job job = startRange(2, 2);
    transport.sent.get(0).promise().fail(new Refused("worker is leaving"));
    assertThat(transport.sent).hasSize(2);
    assertThat(transport.sent.get(1).chunk().attempt()).isEqualTo(1);
    transport.sent.get(1).doubled();
    assertThat(job.outcome().result()).isEqualTo(doubles(2));
    assertThat(job.retriedChunks()).isZero();
  }

  @Test
  void drainingWorker_finishesItsChunks_andTheJobRetriesNothing() {
    Job job = startRange(8, 1);
    transport.credits = 0; // the only worker leaves: no room for new chunks, but it answers
    transport.changed();
    List<FakeTransport.Sent> held = List.copyOf(transport.pending());
    assertThat(held).hasSize(4);
    held.forEach(FakeTransport.Sent::doubled);
    assertThat(job.outcome().isComplete()).isFalse();
    assertThat(transport.sent).hasSize(4);
    transport.credits = 4; // another worker joins
    transport.changed();
    transport.pending().forEach(FakeTransport.Sent::doubled);
    assertThat(job.outcome().result()).isEqualTo(doubles(8));
    assertThat(job.retriedChunks()).isZero();
  }

  @Test
  void iteratorThatThrows_onAChunkBoundary_failsTheJobWithIt() {
    UncheckedIOException broken = new UncheckedIOException(new IOException("disk gone"));
    Iterator<Integer> items = FailingIterators.failingAfter(8, broken, true, i -> i);
    Job job = start(items, -1, 2);
    transport.pending().forEach(FakeTransport.Sent::doubled);
    assertThat(failure(job)).isSameAs(broken);
    assertThat(transport.cancelled).containsExactly("job-1");
  }

  @Test
  void transportThatThrows_failsTheJobWithIt() {
    transport.sendFails = new IllegalStateException("transport bug");
    Job job = startRange(3, 1);
    assertThat(failure(job)).isSameAs(transport.sendFails);
  }

  @Test
  void noWorkers_failsTheJobAfterTheTimeout_andNotBefore() {
    transport.workers = false;
    Job job = start(IntStream.range(0, 3).boxed().iterator(), 3, 1,
        new PoolOptions().setNoWorkersTimeoutMs(5_000));
    clock.advance(4_999);
    assertThat(job.outcome().isComplete()).isFalse();
    clock.advance(1);
    assertThat(failure(job)).isInstanceOf(NoWorkersException.class);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void workerAppearingInTime_cancelsTheNoWorkersTimer() {
    transport.workers = false;
    Job job = startRange(1, 1);
    assertThat(clock.pendingTimers()).isEqualTo(1);
    transport.workers = true;
    transport.changed();
    assertThat(clock.pendingTimers()).isZero();
    transport.sent.get(0).doubled();
    assertThat(job.outcome().result()).containsExactly(0);
  }

  @Test
  void jobEndedDuringABackoff_leavesNoTimerBehind() {
    Job job = startRange(1, 1);
    transport.sent.get(0).promise().fail(new RetryableFailure("lost"));
    transport.sent.get(1).promise().fail(new RetryableFailure("lost"));
    assertThat(clock.pendingTimers()).isEqualTo(1);
    job.cancel();
    clock.runQueued();
    assertThat(clock.pendingTimers()).isZero();
    assertThat(job.outcome().failed()).isTrue();
  }

  @Test
  void automaticChunks_probeWithOneItem_thenGrowToWhatTheItemsCost() {
    Job job = start(IntStream.range(0, 100_000).boxed().iterator(), 100_000, 0);
    assertThat(transport.sent).hasSize(4).allSatisfy(s -> assertThat(s.chunk().args())
        .hasSize(1));
    // the workers say each item ran 1 us: chunks of 20 ms of work, bounded near the end
    for (FakeTransport.Sent s : List.copyOf(transport.sent)) {
      List<Object> doubled = List.of(2 * (Integer) ((List<?>) s.chunk().args().get(0)).get(0));
      s.promise().complete(new ChunkResult(doubled, List.of(), "w", 1, 4));
    }
    assertThat(transport.sent.get(4).chunk().args())
        .hasSize((int) ChunkSizer.TARGET_CHUNK_MS * 1_000);
    while (!transport.pending().isEmpty()) {
      transport.pending().get(0).doubled();
    }
    assertThat(job.outcome().result()).isEqualTo(doubles(100_000));
    int last = transport.sent.get(transport.sent.size() - 1).chunk().args().size();
    assertThat(last).as("the last chunks are small").isLessThan(ChunkSizer.MAX_AUTO_CHUNK / 4);
  }

  @Test
  void emptyInput_completesAtOnceWithAnEmptyList() {
    Job job = start(Collections.emptyIterator(), -1, 0);
    assertThat(job.outcome().result()).isEmpty();
    assertThat(job.totalItems()).isZero();
  }

  @Test
  void totalItems_isUnknownUntilTheIteratorRunsOut_andNeverReadsIt() {
    int[] reads = {0};
    Iterator<Integer> items = new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        reads[0]++;
        return i < 10;
      }

      @Override
      public Integer next() {
        return i++;
      }
    };
    Job job = start(items, -1, 1);
    int before = reads[0];
    assertThat(job.totalItems()).isEqualTo(-1);
    assertThat(reads[0]).as("totalItems() reads nothing of the iterator").isEqualTo(before);
    while (!transport.pending().isEmpty()) {
      transport.pending().get(0).doubled();
    }
    assertThat(job.totalItems()).isEqualTo(10);
    assertThat(job.outcome().result()).isEqualTo(doubles(10));
  }
}
