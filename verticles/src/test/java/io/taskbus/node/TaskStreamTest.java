package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.auth.Announcements;
import io.taskbus.auth.ScramLogin;
import io.taskbus.client.TaskPool;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.TestCluster;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The task stream's bounds, and a real worker's signed batches and live announcements. */
@Timeout(120)
class TaskStreamTest {

  private static ChunkRun ran(int i) {
    ChunkRun run = new ChunkRun("double", "alice");
    run.decoded("job-" + i, 1);
    run.start(0, i, 0);
    run.ran(i + 1, 1);
    return run;
  }

  @Test
  void take_keepsTheNewestSpans_andCountsTheDropped() {
    TaskStream stream = new TaskStream();
    assertThat(stream.take()).isNull();
    for (int i = 0; i < TaskStream.MAX_HELD + 100; i++) {
      stream.chunkEnded(ran(i));
    }
    ChunkRun never = new ChunkRun("double", "alice");
    never.failed(ErrorCode.BAD_REQUEST, 5, 5);
    stream.chunkEnded(never); // failed before it ran: no span
    TaskStream.Taken taken = stream.take();
    assertThat(taken.spans()).hasSize(TaskStream.MAX_SPANS);
    assertThat(taken.dropped()).isEqualTo(TaskStream.MAX_HELD + 100 - TaskStream.MAX_SPANS);
    assertThat(taken.spans().get(TaskStream.MAX_SPANS - 1).job())
        .isEqualTo("job-" + (TaskStream.MAX_HELD + 99));
    assertThat(stream.take()).isNull();
    stream.chunkEnded(ran(7));
    assertThat(stream.take().dropped()).isZero();
  }

  @Test
  void aWorkerThatRanChunks_publishesSignedSpansOnItsSlots_andAnnouncesItsNumbers()
      throws Exception {
    try (TestCluster cluster = TestCluster.start(1)) {
      JsonObject login = ScramLogin.login(cluster.client().eventBus(), Addresses.AUTH, "alice",
          TestCluster.ALICE_PASSWORD, 10_000).await(20, TimeUnit.SECONDS);
      Announcements.Verifier verifier = Announcements.Verifier.of(
          login.getString("announcementKey"));
      List<Announcements.StreamBatch> batches = new CopyOnWriteArrayList<>();
      List<Object> unsigned = new CopyOnWriteArrayList<>();
      MessageConsumer<Object> consumer = cluster.client().eventBus().consumer(
          Addresses.stream(Addresses.TASKS), msg -> {
            Announcements.StreamBatch batch = msg.body() instanceof JsonObject json
                ? verifier.readStream(json) : null;
            if (batch == null) {
              unsigned.add(msg.body());
            } else {
              batches.add(batch);
            }
          });
      consumer.completion().await(10, TimeUnit.SECONDS);
      TaskPool pool = cluster.pool();
      List<Integer> items = IntStream.range(0, 200).boxed().toList();
      assertThat(pool.<Integer>mapAsync("double", items, 10).get(30, TimeUnit.SECONDS))
          .hasSize(200);

      await().atMost(Duration.ofSeconds(10)).until(() -> spans(batches).size() >= 20);
      WorkerInfo worker = pool.workers().await(5, TimeUnit.SECONDS).get(0);
      assertThat(unsigned).isEmpty();
      assertThat(batches).allSatisfy(b -> {
        assertThat(b.batch().getString("worker")).isEqualTo(worker.worker());
        assertThat(b.batch().getString("node")).isEqualTo(worker.node());
        assertThat(b.batch().getInteger("slots")).isEqualTo(2);
        assertThat(b.batch().getLong("dropped")).isZero();
      });
      assertThat(spans(batches)).hasSize(20).allSatisfy(span -> {
        assertThat(span.getInteger("slot")).isBetween(-1, 1);
        assertThat(span.getString("user")).isEqualTo("alice");
        assertThat(span.getString("task")).isEqualTo("double");
        assertThat(span.getString("job")).isNotBlank();
        assertThat(span.getInteger("items")).isEqualTo(10);
        assertThat(span.getLong("end")).isGreaterThanOrEqualTo(span.getLong("start"));
        assertThat(span.getBoolean("ok")).isTrue();
      });

      WorkerInfo counted = await().atMost(Duration.ofSeconds(10))
          .until(() -> pool.workers().await(5, TimeUnit.SECONDS).get(0), w -> w.items() >= 200);
      assertThat(counted.served()).isGreaterThanOrEqualTo(20);
      assertThat(counted.state()).isEqualTo(WorkerInfo.SERVING);
      assertThat(counted.startedAt()).isPositive().isLessThanOrEqualTo(
          System.currentTimeMillis());
      assertThat(counted.heapUsed()).isPositive();
      assertThat(counted.heapMax()).isGreaterThanOrEqualTo(counted.heapUsed());
      assertThat(counted.cpu()).isBetween(-1.0, 1.0);
      assertThat(counted.busy()).isBetween(0, 2);
      assertThat(counted.queued()).isNotNegative();
    }
  }

  private static List<JsonObject> spans(List<Announcements.StreamBatch> batches) {
    return batches.stream().flatMap(b -> b.batch().getJsonArray("spans").stream())
        .map(JsonObject.class::cast).filter(s -> "double".equals(s.getString("task"))).toList();
  }
}
