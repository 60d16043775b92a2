package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.MapResult;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskResult;
import io.taskbus.testing.TestCluster;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One worker node, its auth service deployed apart so that a test can stop it, tokens that live
 * 3 s: the worker's capacity is its own to share, and a token may expire mid-job.
 */
@Timeout(120)
class SharedWorkerTest {

  private static final int TOKEN_TTL_S = 3;
  private static TestCluster cluster;
  private static WorkerVerticle worker;
  private static Vertx node;
  private static DeploymentOptions options;
  private static String auth;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.empty(c -> c.getJsonObject("auth").put("tokenTtlSeconds", TOKEN_TTL_S));
    node = cluster.addNode();
    JsonObject conf = cluster.confJson();
    conf.getJsonObject("worker").put("poolSize", 2);
    options = new DeploymentOptions().setConfig(conf);
    auth = node.deployVerticle(new AuthVerticle(), options).await(60, TimeUnit.SECONDS);
    worker = new WorkerVerticle();
    node.deployVerticle(worker, options).await(60, TimeUnit.SECONDS);
    cluster.withClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static TaskPool pool(long taskTimeoutMs) throws Exception {
    TaskPool pool = cluster.pool(new PoolOptions().setUsername("alice")
        .setPassword(TestCluster.ALICE_PASSWORD).setTaskTimeoutMs(taskTimeoutMs));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> !pool.workers().await(5, TimeUnit.SECONDS).isEmpty());
    return pool;
  }

  @Test
  void twoPoolsSharingOneWorker_neverOvercommitIt_andEachGetsItsShare() throws Exception {
    TaskPool first = pool(0);
    TaskPool second = pool(0);
    List<Integer> sleeps = Collections.nCopies(40, 50);
    int capacity = 2 * 2; // 2 slots, 2 chunks each
    MapResult<Integer> a = first.mapAsync("sleep", sleeps, 1);
    MapResult<Integer> b = second.mapAsync("sleep", sleeps, 1);
    MapResult<Integer> firstDone = (MapResult<Integer>) await().atMost(Duration.ofSeconds(60))
        .until(() -> a.isDone() ? a : b.isDone() ? b : null, r -> r != null);
    MapResult<Integer> other = firstDone == a ? b : a;
    long otherDone = other.completedItems();
    assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(sleeps);
    assertThat(b.get(60, TimeUnit.SECONDS)).isEqualTo(sleeps);
    assertThat(a.retriedChunks() + b.retriedChunks()).isZero();
    assertThat(worker.peakHeld()).as("most chunks the worker held at once")
        .isLessThanOrEqualTo(capacity);
    assertThat(otherDone).as("the other job's items done when the first finished")
        .isGreaterThanOrEqualTo(sleeps.size() * 3 / 4);
    first.close();
    second.close();
  }

  @Test
  void chunkQueuedBehindALongOne_withTimeLimitsSet_isNotRetried() throws Exception {
    TaskPool patient = pool(0);
    TaskPool strict = pool(1_000);
    // both slots busy for 33 s: longer than any send timeout a chunk's time limit gave before
    TaskResult<Integer> longOne = patient.applyAsync("sleep", 33_000);
    TaskResult<Integer> longTwo = patient.applyAsync("sleep", 33_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> worker.held() == 2);
    MapResult<Integer> queued = strict.mapAsync("sleep", List.of(10), 1);
    assertThat(queued.get(90, TimeUnit.SECONDS)).containsExactly(10);
    assertThat(queued.retriedChunks()).isZero();
    assertThat(longOne.get(60, TimeUnit.SECONDS)).isEqualTo(33_000);
    assertThat(longTwo.get(60, TimeUnit.SECONDS)).isEqualTo(33_000);
    patient.close();
    strict.close();
  }

  @Test
  void tokenThatExpiresWhileTheAuthServiceIsDown_isRenewedWhenItIsBack_andTheJobGoesOn()
      throws Exception {
    TaskPool pool = pool(0);
    long expiresAt = System.currentTimeMillis() + TOKEN_TTL_S * 1000L;
    List<Integer> sleeps = Collections.nCopies(100, 100);
    MapResult<Integer> job = pool.mapAsync("sleep", sleeps, 1);
    node.undeploy(auth).await(30, TimeUnit.SECONDS);
    try {
      // the pool's token has expired, and the job stalls on the refused chunks
      long[] last = {-1};
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(600)).until(() -> {
        long now = job.completedItems();
        boolean stalled = now == last[0];
        last[0] = now;
        return stalled && System.currentTimeMillis() > expiresAt + 500;
      });
      assertThat(job.isDone()).as("the job waits for a new token instead of failing").isFalse();
    } finally {
      auth = node.deployVerticle(new AuthVerticle(), options).await(30, TimeUnit.SECONDS);
    }
    assertThat(job.get(60, TimeUnit.SECONDS)).isEqualTo(sleeps);
    pool.close();
  }
}
