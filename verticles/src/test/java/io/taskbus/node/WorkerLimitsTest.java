package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.MapResult;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.auth.ScramLogin;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.Headers;
import io.taskbus.testing.RawSession;
import io.taskbus.testing.TestCluster;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker protects itself from a hostile member: one worker node (2 slots, room for 4 chunks,
 * items stopped after {@value #MAX_TASK_TIME_MS} ms, announcing every 5 s) and a rogue member
 * that uses only the public event-bus API, logged in as alice.
 */
@Timeout(120)
class WorkerLimitsTest {

  private static final long MAX_TASK_TIME_MS = 1_000;
  private static TestCluster cluster;
  private static WorkerVerticle worker;
  private static Vertx rogue;
  private static RawSession alice;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.empty();
    Vertx node = cluster.addNode();
    JsonObject conf = cluster.confJson();
    conf.getJsonObject("worker").put("poolSize", 2).put("maxTaskTimeMs", MAX_TASK_TIME_MS)
        .put("announceIntervalMs", 5_000);
    DeploymentOptions options = new DeploymentOptions().setConfig(conf);
    node.deployVerticle(new AuthVerticle(), options).await(60, TimeUnit.SECONDS);
    worker = new WorkerVerticle();
    node.deployVerticle(worker, options).await(60, TimeUnit.SECONDS);
    rogue = cluster.addNode();
    cluster.withClient();
    alice = RawSession.login(rogue.eventBus(), "alice", TestCluster.ALICE_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A sleep chunk to the worker, signed with alice's session. */
  private static Future<Message<Object>> sendSleep(String job, long ms, long timeoutMs,
      String pool) {
    Buffer body = new ChunkRequest("sleep", job, 0, new JsonArray().add(new JsonArray().add(ms)),
        timeoutMs).toJson().toBuffer();
    String to = Addresses.worker(Addresses.TASKS, worker.workerId());
    return rogue.eventBus().request(to, body,
        alice.chunk(to, "sleep", pool, body).setSendTimeout(30_000));
  }

  @Test
  void userFloodingAWorkerFromManyPools_getsBusy_andAnotherUsersJobCompletes() throws Exception {
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicInteger busy = new AtomicInteger();
    AtomicInteger outstanding = new AtomicInteger();
    rogue.runOnContext(v -> {
      for (int p = 0; p < 50; p++) {
        flood("flood-pool-" + p, flooding, busy, outstanding);
      }
    });
    TaskPool bob = cluster.pool(new PoolOptions().setUsername("bob")
        .setPassword("bob-demo-password"));
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> busy.get() > 100
          && !bob.workers().await(5, TimeUnit.SECONDS).isEmpty());
      List<Integer> items = IntStream.range(0, 200).boxed().toList();
      MapResult<Integer> job = bob.mapAsync("double", items, 1);
      assertThat(job.get(30, TimeUnit.SECONDS))
          .isEqualTo(items.stream().map(i -> 2 * i).toList());
      assertThat(job.retriedChunks()).as("refusals cost no attempt").isZero();
      assertThat(worker.peakHeld()).as("never more than the worker's room")
          .isLessThanOrEqualTo(4);
    } finally {
      flooding.set(false);
      bob.terminate().await(10, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> outstanding.get() == 0);
  }

  /** One rogue pool: sends 300 ms chunks back to back, again 5 ms after each refusal. */
  private static void flood(String pool, AtomicBoolean flooding, AtomicInteger busy,
      AtomicInteger outstanding) {
    if (!flooding.get()) {
      return;
    }
    outstanding.incrementAndGet();
    sendSleep("flood-" + pool, 300, 0, pool).onComplete(ar -> {
          outstanding.decrementAndGet();
          boolean refused = ar.failed() && ar.cause() instanceof ReplyException e
              && e.failureCode() == ErrorCode.BUSY.toInt();
          if (refused) {
            busy.incrementAndGet();
          }
          rogue.setTimer(refused ? 5 : 1, t -> flood(pool, flooding, busy, outstanding));
        });
  }

  @Test
  void floodOfDiscovers_yieldsABoundedNumberOfAnnouncements() throws Exception {
    AtomicInteger announcements = new AtomicInteger();
    var counter = rogue.eventBus().<Object>consumer(Addresses.announcements(Addresses.TASKS),
        msg -> announcements.incrementAndGet());
    try {
      counter.completion().await(10, TimeUnit.SECONDS);
      rogue.eventBus().publish(Addresses.discovery(Addresses.TASKS), null);
      await().atMost(Duration.ofSeconds(10)).until(() -> announcements.get() > 0);
      int before = announcements.get();
      long started = System.nanoTime();
      rogue.runOnContext(v -> {
        for (int i = 0; i < 5_000; i++) { // any body: a worker never reads it
          rogue.eventBus().publish(Addresses.discovery(Addresses.TASKS), "x".repeat(i % 100));
        }
      });
      // at most one answer per 200 ms, one due at the start, one periodic announcement
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        return announcements.get() - before
            <= elapsedMs / WorkerVerticle.DISCOVER_ANSWER_MS + 2;
      });
      assertThat(announcements.get()).as("the flood was answered").isGreaterThan(before);
    } finally {
      counter.unregister().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void chunkAskingForMoreTimeThanTheWorkersMaximum_orForNoLimit_isStoppedAtTheMaximum() {
    for (long asked : new long[] {3_600_000, 0}) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> sendSleep("long-" + asked, 20_000, asked, "long")
          .await(30, TimeUnit.SECONDS))
          .as("a 20 s item asking for %d ms", asked)
          .isInstanceOfSatisfying(ReplyException.class,
              e -> assertThat(e.failureCode()).isEqualTo(ErrorCode.TIMEOUT.toInt()));
      assertThat((System.nanoTime() - started) / 1_000_000)
          .as("stopped at the worker's %d ms", MAX_TASK_TIME_MS).isLessThan(10_000);
    }
  }

  @Test
  void timeLimit_isTheChunksCappedByTheWorkersMaximum() {
    assertThat(WorkerVerticle.timeLimit(500, 1_000)).isEqualTo(500);
    assertThat(WorkerVerticle.timeLimit(5_000, 1_000)).isEqualTo(1_000);
    assertThat(WorkerVerticle.timeLimit(0, 1_000)).as("no limit asked").isEqualTo(1_000);
    assertThat(WorkerVerticle.timeLimit(0, 0)).as("no maximum").isZero();
    assertThat(WorkerVerticle.timeLimit(5_000, 0)).isEqualTo(5_000);
  }
}
