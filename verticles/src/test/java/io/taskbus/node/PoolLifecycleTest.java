package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskPoolException;
import io.taskbus.client.TaskbusConf;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.ProbeTasks;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Workers that serve different tasks, tokens that expire in 2 s, and the end of a pool. */
@Timeout(90)
class PoolLifecycleTest {

  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.empty(conf -> conf.getJsonObject("auth").put("tokenTtlSeconds", 2));
    cluster.addWorkerNode();
    cluster.addWorkerNode(worker -> worker.put("builtinTasks", false));
    cluster.withClient();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void chunks_goOnlyToWorkersThatServeTheTask() throws Exception {
    TaskPool pool = cluster.pool();
    await().atMost(Duration.ofSeconds(30)).until(() -> pool.workers()
        .await(5, TimeUnit.SECONDS).stream().map(WorkerInfo::node).distinct().count() == 2);
    List<Integer> items = IntStream.range(0, 200).boxed().toList();
    assertThat(pool.<Integer>mapAsync("double", items, 1).get(60, TimeUnit.SECONDS))
        .isEqualTo(items.stream().map(i -> i * 2).toList());
    pool.terminate().await(10, TimeUnit.SECONDS);
  }

  @Test
  void tokenAboutToExpire_isRenewed_soJobsGoOnPastItsLifetime() throws Exception {
    TaskPool pool = cluster.pool();
    long start = System.nanoTime();
    // each poll is a real job; one sent with an expired token would fail with
    // AuthenticationException; the token's lifetime is what this test is about
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
      assertThat(pool.<Integer>map("double", List.of(1))).containsExactly(2);
      return System.nanoTime() - start > TimeUnit.SECONDS.toNanos(5);
    });
    pool.terminate().await(10, TimeUnit.SECONDS);
  }

  @Test
  void workerNodeStoppingMidJob_finishesItsChunks_soNothingIsRetried() throws Exception {
    Vertx leaving = cluster.addWorkerNode();
    TaskPool pool = cluster.pool();
    await().atMost(Duration.ofSeconds(30)).until(() -> pool.workers()
        .await(5, TimeUnit.SECONDS).stream().map(WorkerInfo::node).distinct().count() == 3);
    List<Integer> sleeps = Collections.nCopies(60, 100);
    MapResult<Integer> result = pool.mapAsync("sleep", sleeps, 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> result.completedItems() >= 10);
    cluster.workers().remove(leaving);
    leaving.close().await(60, TimeUnit.SECONDS); // the SIGTERM path: stop, drain, leave
    assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(sleeps);
    assertThat(result.retriedChunks()).isZero();
    pool.terminate().await(10, TimeUnit.SECONDS);
  }

  @Test
  void workerNodeStartedMidJob_getsChunksOfThatJob() throws Exception {
    TaskPool pool = cluster.pool();
    await().atMost(Duration.ofSeconds(30)).until(() -> workerIds(pool).size() == 2);
    Set<String> before = workerIds(pool);
    // the job cannot end before the newcomer is there: its items wait for the gate
    ProbeTasks.gate = new java.util.concurrent.CountDownLatch(1);
    try {
      MapResult<String> result = pool.mapAsync("gatedwhoami", Collections.nCopies(120, 0), 1);
      Vertx late = cluster.addWorkerNode();
      await().atMost(Duration.ofSeconds(30)).until(() -> workerIds(pool).size() == 3);
      ProbeTasks.gate.countDown();
      List<String> ranOn = result.get(60, TimeUnit.SECONDS);
      Set<String> newcomers = new HashSet<>(ranOn);
      newcomers.removeAll(before);
      assertThat(newcomers).as("the worker that joined mid-job ran some of its items")
          .hasSize(1);
      cluster.workers().remove(late);
      late.close().await(60, TimeUnit.SECONDS);
    } finally {
      ProbeTasks.gate.countDown();
    }
    pool.terminate().await(10, TimeUnit.SECONDS);
  }

  private static Set<String> workerIds(TaskPool pool) throws Exception {
    Set<String> ids = new HashSet<>();
    pool.workers().await(5, TimeUnit.SECONDS).forEach(w -> ids.add(w.worker()));
    return ids;
  }

  @Test
  void terminate_failsRunningJobs_andRefusesNewOnes() throws Exception {
    TaskPool pool = cluster.pool();
    MapResult<Object> running = pool.mapAsync("sleep", Collections.nCopies(50, 200), 1);
    pool.terminate().await(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(TaskPoolException.class).hasMessageContaining("terminated");
    assertThatThrownBy(() -> pool.mapAsync("double", List.of(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(pool.join().succeeded()).isTrue();
  }

  @Test
  void close_letsRunningJobsFinish_refusesNewOnes_andJoinWaitsForThem() throws Exception {
    TaskPool pool = cluster.pool();
    assertThat(pool.join().failed()).as("join before close").isTrue();
    MapResult<Integer> running = pool.mapAsync("sleep", Collections.nCopies(20, 50), 1);
    try (pool) { // try-with-resources closes: no wait, no failure
      assertThat(pool.<Integer>apply("add", 1, 2)).isEqualTo(3);
    }
    assertThatThrownBy(() -> pool.mapAsync("double", List.of(1)))
        .isInstanceOf(IllegalStateException.class);
    pool.join().await(30, TimeUnit.SECONDS);
    assertThat(running.successful()).as("finished before join completed").isTrue();
    assertThat(running.get()).hasSize(20);
  }

  @Test
  void confConnect_joinsLogsInAndLeavesOnClose() throws Exception {
    JsonObject json = cluster.confJson().put("pool", new JsonObject().put("username", "alice")
        .put("password", TestCluster.ALICE_PASSWORD));
    TaskPool pool = TaskbusConf.of(json, TestCluster.home().resolve("conf")).connect()
        .await(60, TimeUnit.SECONDS);
    assertThat(pool.<Integer>apply("add", 1, 2)).isEqualTo(3);
    pool.terminate().await(30, TimeUnit.SECONDS);
  }
}
