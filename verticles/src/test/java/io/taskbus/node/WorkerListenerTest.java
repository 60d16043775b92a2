package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskbus.auth.ScramLogin;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.TaskPool;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.testing.TestCluster;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker tells its listener of every chunk and refused login, in order, on real nodes. */
@Timeout(90)
class WorkerListenerTest {

  private static final Recorder RECORDER = new Recorder();
  private static TestCluster cluster;
  private static TaskPool pool;

  /** Every event, and the order of each chunk's own. */
  static final class Recorder implements WorkerListener {
    final Map<ChunkRun, List<String>> runs = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<ErrorCode> refused = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<ErrorCode> logins = new ConcurrentLinkedQueue<>();

    @Override
    public void chunkTaken(ChunkRun run) {
      runs.computeIfAbsent(run, r -> new CopyOnWriteArrayList<>()).add("taken");
    }

    @Override
    public void chunkStarted(ChunkRun run) {
      runs.computeIfAbsent(run, r -> new CopyOnWriteArrayList<>()).add("started");
    }

    @Override
    public void chunkEnded(ChunkRun run) {
      runs.computeIfAbsent(run, r -> new CopyOnWriteArrayList<>()).add("ended");
    }

    @Override
    public void chunkRefused(String task, ErrorCode code) {
      refused.add(code);
    }

    @Override
    public void loginRefused(ErrorCode code) {
      logins.add(code);
    }

    List<ChunkRun> ended(String task) {
      return runs.entrySet().stream()
          .filter(e -> e.getKey().task().equals(task) && e.getValue().contains("ended"))
          .map(Map.Entry::getKey).toList();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.empty();
    Vertx node = cluster.addNode();
    DeploymentOptions options = new DeploymentOptions().setConfig(cluster.confJson());
    node.deployVerticle(new AuthVerticle(RECORDER), options)
        .compose(id -> node.deployVerticle(new WorkerVerticle(RECORDER), options))
        .await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
    cluster.withClient();
    pool = cluster.pool();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void chunksThatRun_areTakenStartedAndEnded_inOrder_onSlotsInRange() throws Exception {
    List<Integer> items = IntStream.range(0, 100).boxed().toList();
    assertThat(pool.<Integer>mapAsync("double", items, 10).get(30, TimeUnit.SECONDS))
        .hasSize(100);
    await().atMost(Duration.ofSeconds(10)).until(() -> RECORDER.ended("double").size() == 10);
    List<ChunkRun> runs = RECORDER.ended("double");
    assertThat(runs).allSatisfy(run -> {
      assertThat(RECORDER.runs.get(run)).containsExactly("taken", "started", "ended");
      assertThat(run.ok()).isTrue();
      assertThat(run.user()).isEqualTo("alice");
      assertThat(run.job()).isNotBlank();
      assertThat(run.items()).isEqualTo(10);
      assertThat(run.slot()).isBetween(ChunkRun.EVENT_LOOP, 1); // poolSize 2
      assertThat(run.endedAt()).isGreaterThanOrEqualTo(run.startedAt());
    });
  }

  @Test
  void aChunkThatFails_endsWithItsCode() {
    assertThatThrownBy(() -> pool.map("fail", List.of("boom")))
        .isInstanceOf(TaskFailedException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> !RECORDER.ended("fail").isEmpty());
    ChunkRun run = RECORDER.ended("fail").get(0);
    assertThat(run.failure()).isEqualTo(ErrorCode.TASK_FAILED);
    assertThat(RECORDER.runs.get(run)).containsExactly("taken", "started", "ended");
  }

  @Test
  void aChunkWithoutAToken_isRefused_andNeverTaken() throws Exception {
    String address = await().atMost(Duration.ofSeconds(30))
        .until(() -> pool.workers().await(5, TimeUnit.SECONDS), w -> !w.isEmpty())
        .get(0).address();
    int before = RECORDER.runs.size();
    assertThatThrownBy(() -> cluster.client().eventBus().request(address, Buffer.buffer("x"),
            new DeliveryOptions().addHeader("task", "double"))
        .await(10, TimeUnit.SECONDS)).hasMessageContaining("token");
    assertThat(RECORDER.refused).contains(ErrorCode.UNAUTHENTICATED);
    assertThat(RECORDER.runs).hasSize(before);
  }

  @Test
  void aWrongPassword_isALoginRefused() {
    assertThatThrownBy(() -> ScramLogin.login(cluster.client().eventBus(), Addresses.AUTH,
        "alice", "not-her-password", 10_000).await(20, TimeUnit.SECONDS));
    assertThat(RECORDER.logins).contains(ErrorCode.UNAUTHENTICATED);
  }
}
