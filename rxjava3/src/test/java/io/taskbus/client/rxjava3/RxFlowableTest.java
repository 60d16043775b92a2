package io.taskbus.client.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.taskbus.client.JobOptions;
import io.taskbus.client.LocalTaskPool;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.TaskPool;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** imap and its kin as Flowables: order, laziness, backpressure both ways, cancel, failure. */
@Timeout(60)
class RxFlowableTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final LocalTaskPool pool = TaskPool.local(VERTX, new PoolOptions(), 2);
  private final RxTaskPool rx = RxTaskPool.newInstance(pool);
  private final Counted counted = new Counted(pool);

  @AfterEach
  void terminate() throws Exception {
    pool.terminate().await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() {
    VERTX.close();
  }

  private static List<Integer> doubled(int n) {
    return IntStream.range(0, n).map(i -> 2 * i).boxed().toList();
  }

  @Test
  void imap_givesResultsInInputOrder_thoughItemsFinishOutOfOrder() {
    List<Integer> sleeps = IntStream.range(0, 12).map(i -> (12 - i) * 10).boxed().toList();
    rx.<Integer>imap("sleep", sleeps, new JobOptions().setChunkSize(1)).test()
        .awaitDone(30, TimeUnit.SECONDS).assertResult(sleeps.toArray(Integer[]::new));
  }

  @Test
  void imapUnordered_givesEveryResult() {
    TestSubscriber<Integer> subscriber = rx.<Integer>imapUnordered("double", List.of(1, 2, 3, 4))
        .test().awaitDone(30, TimeUnit.SECONDS).assertComplete();
    assertThat(subscriber.values()).containsExactlyInAnyOrder(2, 4, 6, 8);
  }

  @Test
  void istarmap_runsArgumentLists_fromAnIterableOrAFlowable() {
    List<List<Integer>> pairs = List.of(List.of(1, 4), List.of(2, 5), List.of(3, 6));
    rx.istarmap("mul", pairs).test().awaitDone(30, TimeUnit.SECONDS).assertResult(4, 10, 18);
    rx.istarmap("mul", Flowable.fromIterable(pairs)).test().awaitDone(30, TimeUnit.SECONDS)
        .assertResult(4, 10, 18);
    TestSubscriber<Integer> unordered = rx.<Integer>istarmapUnordered("mul", pairs).test()
        .awaitDone(30, TimeUnit.SECONDS).assertComplete();
    assertThat(unordered.values()).containsExactlyInAnyOrder(4, 10, 18);
  }

  @Test
  void imap_beforeSubscribe_sendsNothing_andEachSubscriptionRunsAJob() {
    Flowable<Integer> doubles = rx.imap("counted", counted.items(10));
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> counted.calls.get() == 0 && counted.pulled.get() == 0);
    doubles.test().awaitDone(30, TimeUnit.SECONDS).assertValueSequence(doubled(10));
    doubles.test().awaitDone(30, TimeUnit.SECONDS).assertValueSequence(doubled(10));
    assertThat(counted.calls.get()).isEqualTo(20);
  }

  @Test
  void flowableInput_isNotSubscribedBeforeTheResults() {
    AtomicLong subscribed = new AtomicLong();
    Flowable<Integer> input = Flowable.range(0, 10)
        .doOnSubscribe(s -> subscribed.incrementAndGet());
    Flowable<Integer> doubles = rx.imap("double", input);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> subscribed.get() == 0);
    doubles.test().awaitDone(30, TimeUnit.SECONDS).assertValueSequence(doubled(10));
    assertThat(subscribed.get()).isEqualTo(1);
  }

  @Test
  void flowableInput_isReadAsTheSubscriberRequests() {
    AtomicLong emitted = new AtomicLong();
    Flowable<Integer> input = Flowable.range(0, 50_000).doOnNext(i -> emitted.incrementAndGet());
    TestSubscriber<Integer> subscriber = rx.<Integer>imap("counted", input,
        new JobOptions().setStreamBuffer(100)).test(0);
    // a buffer's worth runs ahead of a subscriber that requested nothing, and no more
    await().atMost(Duration.ofSeconds(20)).until(() -> counted.calls.get() == 100);
    assertThat(emitted.get()).as("the buffer plus the input's read-ahead, not all 50,000")
        .isLessThan(100 + 2_000);
    subscriber.assertNoValues();
    subscriber.request(10);
    await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.values().size() == 10
        && counted.calls.get() == 110);
    assertThat(emitted.get()).isLessThan(110 + 2_000);
    assertThat(subscriber.values()).isEqualTo(doubled(10));
    subscriber.request(Long.MAX_VALUE);
    subscriber.awaitDone(30, TimeUnit.SECONDS).assertValueSequence(doubled(50_000));
  }

  @Test
  void flowableInput_rebatchedRequests_giveEveryResultInOrder() {
    rx.<Integer>imap("double", Flowable.range(0, 50_000)).rebatchRequests(64).test()
        .awaitDone(30, TimeUnit.SECONDS).assertValueSequence(doubled(50_000));
  }

  @Test
  void cancel_stopsDispatch_andTellsTheWorkers() {
    TestSubscriber<Object> subscriber = rx.imap("untilCancelled", counted.items(1_000),
        new JobOptions().setChunkSize(1)).test();
    await().atMost(Duration.ofSeconds(10)).until(() -> counted.started.get() >= 1);
    subscriber.cancel();
    await().atMost(Duration.ofSeconds(10)).until(() -> counted.sawCancel.get() >= 1);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> counted.pulled.get() < 100);
    subscriber.assertNotComplete().assertNoErrors();
  }

  @Test
  void take_cancelsTheRestOfTheJobOnTheWorkers() {
    rx.<Integer>imap("firstThenHold", counted.items(1_000), new JobOptions().setChunkSize(1))
        .take(1).test().awaitDone(30, TimeUnit.SECONDS).assertResult(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> counted.sawCancel.get() >= 1);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> counted.pulled.get() < 100);
  }

  @Test
  void cancelledFlowableInput_isCancelledWithTheJob() {
    AtomicLong inputCancelled = new AtomicLong();
    Flowable<Integer> input = Flowable.range(0, 1_000_000)
        .doOnCancel(inputCancelled::incrementAndGet);
    rx.<Integer>imap("double", input, new JobOptions().setStreamBuffer(50)).take(3).test()
        .awaitDone(30, TimeUnit.SECONDS).assertResult(0, 2, 4);
    await().atMost(Duration.ofSeconds(10)).until(() -> inputCancelled.get() == 1);
  }

  @Test
  void failingTask_endsTheFlowableWithTaskFailedException() {
    rx.imap("fail", List.of("boom")).test().awaitDone(30, TimeUnit.SECONDS)
        .assertError(TaskFailedException.class);
    rx.imapUnordered("fail", Flowable.just("boom")).test().awaitDone(30, TimeUnit.SECONDS)
        .assertError(TaskFailedException.class);
  }

  @Test
  void failingInput_endsTheFlowableWithItsError_howeverEarlyItFails() {
    // the input may fail on the pool's context before the job reading it is built: 200 times
    // made that race show in 1 run of 1 (it lost the failure, the Flowable never ended)
    for (int i = 0; i < 200; i++) {
      Flowable<Integer> input = Flowable.range(0, i % 20)
          .concatWith(Flowable.error(new IOException("input broke")));
      rx.imap("double", input).test().awaitDone(30, TimeUnit.SECONDS)
          .assertError(e -> e instanceof IOException && e.getMessage().equals("input broke"));
    }
  }

  @Test
  void emptyInput_completesWithoutResults() {
    for (int i = 0; i < 200; i++) {
      rx.imap("double", List.of()).test().awaitDone(10, TimeUnit.SECONDS).assertResult();
    }
  }

  @Test
  void emptyFlowableInput_completesWithoutResults() {
    rx.imap("double", Flowable.empty()).test().awaitDone(10, TimeUnit.SECONDS).assertResult();
  }

  @Test
  void nullResult_endsTheFlowableWithNullPointerException() {
    pool.register("nothing", Integer.class, i -> null);
    rx.imap("nothing", List.of(1, 2)).test().awaitDone(30, TimeUnit.SECONDS)
        .assertError(e -> e instanceof NullPointerException
            && e.getMessage().contains("nothing"));
  }
}
