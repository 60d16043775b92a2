package io.taskbus.client.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import io.taskbus.client.JobOptions;
import io.taskbus.client.LocalTaskPool;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.TaskPool;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** map, starmap and apply as Singles: results, laziness, disposal, failure. */
@Timeout(60)
class RxSingleTest {

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

  @Test
  void newInstance_wrapsThePool() {
    assertThat(rx.getDelegate()).isSameAs(pool);
  }

  @Test
  void mapStarmapApply_giveThePoolsResults() {
    rx.map("double", List.of(1, 2, 3)).test().awaitDone(30, TimeUnit.SECONDS)
        .assertResult(List.of(2, 4, 6));
    rx.starmap("mul", List.of(List.of(1, 4), List.of(2, 5))).test()
        .awaitDone(30, TimeUnit.SECONDS).assertResult(List.of(4, 10));
    rx.apply("mul", 2, 9).test().awaitDone(30, TimeUnit.SECONDS).assertResult(18);
  }

  @Test
  void typedOverloads_giveResultsOfTheType() {
    rx.map(Long.class, "double", List.of(1, 2)).test().awaitDone(30, TimeUnit.SECONDS)
        .assertResult(List.of(2L, 4L));
    rx.starmap(Long.class, "add", List.of(List.of(1, 2))).test()
        .awaitDone(30, TimeUnit.SECONDS).assertResult(List.of(3L));
    rx.apply(Long.class, "double", 21).test().awaitDone(30, TimeUnit.SECONDS)
        .assertResult(42L);
  }

  @Test
  void map_withJobOptions_usesThem() {
    rx.map("double", counted.items(100), new JobOptions().setChunkSize(7)).test()
        .awaitDone(30, TimeUnit.SECONDS).assertValue(list -> list.size() == 100);
  }

  @Test
  void map_beforeSubscribe_sendsNothing_andEachSubscriptionRunsAJob() {
    Single<List<Integer>> doubled = rx.map("counted", counted.items(10));
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> counted.calls.get() == 0 && counted.pulled.get() == 0);
    doubled.test().awaitDone(30, TimeUnit.SECONDS).assertValue(list -> list.size() == 10);
    assertThat(counted.calls.get()).isEqualTo(10);
    doubled.test().awaitDone(30, TimeUnit.SECONDS).assertValue(list -> list.size() == 10);
    assertThat(counted.calls.get()).isEqualTo(20);
  }

  @Test
  void apply_beforeSubscribe_sendsNothing() {
    Single<Integer> doubled = rx.apply("counted", 4);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> counted.calls.get() == 0);
    doubled.test().awaitDone(30, TimeUnit.SECONDS).assertResult(8);
    assertThat(counted.calls.get()).isEqualTo(1);
  }

  @Test
  void map_disposed_cancelsTheJobOnTheWorkers_andStopsDispatch() {
    TestObserver<List<Object>> observer = rx.map("untilCancelled", counted.items(1_000),
        new JobOptions().setChunkSize(1)).test();
    await().atMost(Duration.ofSeconds(10)).until(() -> counted.started.get() >= 1);
    observer.dispose();
    await().atMost(Duration.ofSeconds(10)).until(() -> counted.sawCancel.get() >= 1);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> counted.pulled.get() < 100);
    observer.assertNotComplete().assertNoErrors();
  }

  @Test
  void apply_disposed_cancelsTheCallOnTheWorker() {
    TestObserver<Object> observer = rx.apply("untilCancelled", 1).test();
    await().atMost(Duration.ofSeconds(10)).until(() -> counted.started.get() == 1);
    observer.dispose();
    await().atMost(Duration.ofSeconds(10)).until(() -> counted.sawCancel.get() == 1);
    observer.assertEmpty();
  }

  @Test
  void failingTask_failsTheSingleWithTaskFailedException() {
    rx.map("fail", List.of("boom")).test().awaitDone(30, TimeUnit.SECONDS)
        .assertError(TaskFailedException.class);
    rx.apply("fail", "boom").test().awaitDone(30, TimeUnit.SECONDS)
        .assertError(e -> e instanceof TaskFailedException && e.getMessage().contains("boom"));
  }

  @Test
  void badCall_failsAtSubscription_notAtAssembly() {
    Single<List<Object>> bad = rx.map(" ", List.of(1));
    bad.test().awaitDone(30, TimeUnit.SECONDS).assertError(IllegalArgumentException.class);
  }

  @Test
  void nullResult_failsApply_butIsFineInAMapsList() {
    pool.register("nothing", Integer.class, i -> null);
    rx.apply("nothing", 1).test().awaitDone(30, TimeUnit.SECONDS)
        .assertError(e -> e instanceof NullPointerException
            && e.getMessage().contains("nothing"));
    rx.map("nothing", List.of(1)).test().awaitDone(30, TimeUnit.SECONDS)
        .assertValue(list -> list.size() == 1 && list.get(0) == null);
  }
}
