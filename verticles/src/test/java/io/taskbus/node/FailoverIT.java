package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.ProcessCluster;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker JVMs frozen (SIGSTOP) or killed (kill -9) mid-job: nothing is lost, nothing is taken
 * twice, and the lost chunks go to the survivors quickly.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

  private static final int ITEMS = 100_000;
  /** Each item spins this long, so the job runs for seconds on two one-slot workers. */
  private static final int MICROS_PER_ITEM = 50;

  @TempDir
  static Path dir;
  private static ProcessCluster workers;
  private static Vertx client;
  private static TaskPool pool;

  @BeforeAll
  static void start() throws Exception {
    workers = new ProcessCluster(dir, 1);
    workers.startWorker("worker-a");
    workers.startWorker("worker-b");
    client = workers.clientConf().joinCluster(false).await(60, TimeUnit.SECONDS);
    pool = TaskPool.connect(client, workers.clientConf().poolOptions())
        .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close().await(30, TimeUnit.SECONDS);
    }
    workers.close();
  }

  private static long nodes() throws Exception {
    return pool.workers().await(5, TimeUnit.SECONDS).stream().map(WorkerInfo::node).distinct()
        .count();
  }

  private static List<List<?>> slowDoubles() {
    List<List<?>> args = new ArrayList<>(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      args.add(List.of(i, MICROS_PER_ITEM));
    }
    return args;
  }

  /** Starts the job of slow doubles and returns once a fifth of it is done. */
  private static MapResult<Number> startJobAndAwaitAFifth() {
    MapResult<Number> result = pool.starmapAsync("slowdouble", slowDoubles(), 500);
    await().atMost(Duration.ofSeconds(60)).until(() -> result.completedItems() >= ITEMS / 5);
    return result;
  }

  private static void assertExact(List<Number> results) {
    assertThat(results).hasSize(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      assertThat(results.get(i).longValue()).as("item %d", i).isEqualTo(2L * i);
    }
  }

  @Test
  @Order(1)
  void frozenWorkerMidJob_isCaughtByTheClientsWatchdog_andTheListIsExact() throws Exception {
    Process frozen = workers.startWorker("worker-c");
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes() == 3);
    MapResult<Number> result = startJobAndAwaitAFifth();
    long frozenAt = System.nanoTime();
    new ProcessBuilder("kill", "-STOP", String.valueOf(frozen.pid())).start().waitFor();
    try {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
          .until(() -> result.retriedChunks() > 0);
      long recoveryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
      assertExact(result.get(120, TimeUnit.SECONDS));
      System.out.printf("failover: SIGSTOP; first chunk re-sent after %d ms%n", recoveryMs);
    } finally {
      frozen.destroyForcibly();
    }
  }

  @Test
  @Order(2)
  void sigtermToAWorkerMidJob_withChunksLongerThanItsSilenceLimit_retriesNothing()
      throws Exception {
    Process leaving = workers.startWorker("worker-d");
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes() == 3);
    // one-slot workers announcing every 300 ms: a chunk of 2.5 s is far longer than the
    // 3 intervals after which a silent worker counts as gone
    List<Integer> sleeps = java.util.Collections.nCopies(8, 2_500);
    MapResult<Integer> result = pool.mapAsync("sleep", sleeps, 1);
    await().atMost(Duration.ofSeconds(60)).until(() -> result.completedItems() >= 1);
    leaving.destroy(); // SIGTERM: the worker drains what it holds, then leaves
    assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(sleeps);
    assertThat(result.retriedChunks()).isZero();
    assertThat(leaving.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(workers.read("worker-d.err")).contains("finishing the chunks in hand");
  }

  @Test
  @Order(3)
  void remoteExceptionUnknownToTheClient_arrivesByName() throws Exception {
    // the workers have the test classes; the CLI client does not
    ProcessCluster.Run run = workers.cli(java.util.Map.of(), "apply", "nested");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("io.taskbus.testing.ProbeTasks$ProbeException: outer");
  }

  @Test
  @Order(4)
  void killMinus9MidJob_resendsTheDeadNodesChunks_andTheListIsExact() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes() == 2);
    MapResult<Number> result = startJobAndAwaitAFifth();
    Process victim = workers.startedWorker("worker-b");
    long killedAt = System.nanoTime();
    victim.destroyForcibly(); // SIGKILL
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(() -> result.retriedChunks() > 0);
    long recoveryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    List<Number> results = result.get(120, TimeUnit.SECONDS);
    System.out.printf("failover: kill -9 at %d/%d items; first chunk re-sent after %d ms;"
        + " %d chunks re-sent%n", ITEMS / 5, ITEMS, recoveryMs, result.retriedChunks());
    assertExact(results);
  }
}
