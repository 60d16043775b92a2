package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.TaskPool;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shared state across two worker nodes and a client node, clustered on loopback. */
@Timeout(90)
class SharedStateClusterTest {

  private static TestCluster cluster;
  private static TaskPool pool;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(2);
    pool = cluster.pool();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodesOf(workers()).size() == 2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<WorkerInfo> workers() throws Exception {
    return pool.workers().await(5, TimeUnit.SECONDS);
  }

  private static Set<String> nodesOf(List<WorkerInfo> workers) {
    return workers.stream().map(WorkerInfo::node).collect(Collectors.toSet());
  }

  @Test
  void itemsOnTwoNodes_countAndAppendUnderOneLock_theClientSeesEveryItemExactlyOnce()
      throws Exception {
    String name = "cluster-" + UUID.randomUUID();
    int items = 400;
    List<String> ranOn = pool.<String>mapAsync("countandappend",
        Collections.nCopies(items, name), 4).get(60, TimeUnit.SECONDS);
    Map<String, String> nodeOfWorker = workers().stream()
        .collect(Collectors.toMap(WorkerInfo::worker, WorkerInfo::node));
    assertThat(new HashSet<>(ranOn).stream().map(nodeOfWorker::get).distinct())
        .as("nodes that ran items").hasSize(2);
    assertThat(pool.counter(name).blocking().get()).isEqualTo(items);
    JsonArray list = (JsonArray) pool.sharedMap(name).blocking().get("list");
    assertThat(list.stream().map(i -> ((Number) i).longValue()).sorted().toList())
        .isEqualTo(LongStream.range(0, items).boxed().toList());
  }

  @Test
  void theClientsLock_holdsTheWorkersOff_untilItIsReleased() throws Exception {
    String name = "held-" + UUID.randomUUID();
    var held = pool.lock(name).blocking().acquire();
    var result = pool.<String>mapAsync("countandappend", List.of(name, name), 1);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> pool.counter(name).blocking().get() == 2); // both wait at the lock
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> pool.sharedMap(name).blocking().size() == 0); // and none appends
    held.release();
    result.get(30, TimeUnit.SECONDS);
    assertThat(((JsonArray) pool.sharedMap(name).blocking().get("list")).size()).isEqualTo(2);
  }

  @Test
  void aProvenFastTask_onceItUsesSharedState_neverRunsOnTheEventLoopAgain() throws Exception {
    String name = "onloop-" + UUID.randomUUID();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> pool.<Boolean>apply("onloopcount", (Object) null)); // proven fast
    int shared = 2 * InlineRuns.FAST_RUNS_NEEDED;
    long inline = 0;
    for (int i = 0; i < shared; i++) {
      inline += pool.<Boolean>apply("onloopcount", name) ? 1 : 0;
    }
    assertThat(inline).as("runs on an event loop, one at most per worker").isLessThanOrEqualTo(2);
    for (int i = 0; i < 4 * InlineRuns.FAST_RUNS_NEEDED; i++) {
      assertThat(pool.<Boolean>apply("onloopcount", (Object) null)).as("call %d", i).isFalse();
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> pool.counter(name).blocking().get() == shared);
  }
}
