package io.taskbus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.TaskPool;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a client that reads slowly, sends too much or goes away costs a gateway: bounded input,
 * results only within its credit, its jobs cancelled when it leaves.
 */
@Timeout(120)
class GatewayStreamTest {

  private static final int BATCH = 10_000;
  private static GatewayCluster cluster;
  private static TaskPool observer;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    cluster = GatewayCluster.start(gateway -> gateway.put("maxJobsPerSession", 4));
    port = cluster.port();
    observer = cluster.cluster().withClient().pool();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  static FrameClient alice() throws Exception {
    return new FrameClient(port).login("alice", TestCluster.ALICE_PASSWORD);
  }

  static JsonArray batch(int from) {
    return new JsonArray(IntStream.range(from, from + BATCH).boxed().toList());
  }

  @Test
  void aReaderThatGrantsNoCredit_stopsTheInputItIsAskedFor_thenGetsEverythingOnceItReads()
      throws Exception {
    try (FrameClient client = alice()) {
      Results results = new Results();
      client.send(GatewayConnection.SUBMIT, new JsonObject().put("job", "slow").put("kind", "map")
          .put("task", "double").put("items", batch(0)).put("more", true).put("window", 1_000),
          "f0");
      int fed = BATCH;
      // feed as the gateway asks; with no credit granted, it stops asking
      JsonObject answer = results.awaitReply(client, "f0", 3_000);
      while (answer != null && fed < 1_000_000) {
        client.send(GatewayConnection.FEED, new JsonObject().put("job", "slow")
            .put("items", batch(fed)).put("more", true), "f" + fed);
        answer = results.awaitReply(client, "f" + fed, 3_000);
        fed += BATCH;
      }
      assertThat(fed).as("items taken before the gateway stopped asking").isLessThan(200_000);
      assertThat(results.count).as("results sent without credit").isEqualTo(1_000);
      // now read: credit for everything; the last batch is answered, then the input ends
      client.send(GatewayConnection.CREDIT, new JsonObject().put("job", "slow")
          .put("results", 10_000_000), null);
      assertThat(results.awaitReply(client, "f" + (fed - BATCH), 20_000)).isNotNull();
      client.send(GatewayConnection.FEED, new JsonObject().put("job", "slow")
          .put("items", new JsonArray()).put("more", false), "end");
      while (!results.done) {
        assertThat(results.absorb(client.next(20_000))).as("a frame within 20 s").isNotNull();
      }
      assertThat(results.count).isEqualTo(fed);
    }
  }

  /** A job's results as they come, checked in order: item i doubled. */
  private static final class Results {
    long count;
    boolean done;

    JsonObject absorb(JsonObject frame) {
      if (frame == null) {
        return null;
      }
      JsonObject body = frame.getJsonObject("body", new JsonObject());
      if (body.getValue("results") instanceof JsonArray got) {
        assertThat(body.getLong("first")).isEqualTo(count);
        for (Object r : got) {
          assertThat(((Number) r).longValue()).isEqualTo(2 * count++);
        }
      }
      done |= Boolean.TRUE.equals(body.getValue("done"));
      return frame;
    }

    /** The answer to {@code reply}, or null when none comes within {@code ms}. */
    JsonObject awaitReply(FrameClient client, String reply, int ms) throws Exception {
      long deadline = System.nanoTime() + ms * 1_000_000L;
      while (System.nanoTime() < deadline) {
        JsonObject frame = absorb(client.next((int) Math.max(1,
            (deadline - System.nanoTime()) / 1_000_000)));
        if (frame != null && reply.equals(frame.getValue("address"))) {
          return frame;
        }
      }
      return null;
    }
  }

  @Test
  void aClientThatLeaves_hasItsJobsCancelled() throws Exception {
    FrameClient client = alice();
    client.send(GatewayConnection.SUBMIT, new JsonObject().put("job", "long").put("kind", "map")
        .put("task", "sleep").put("items", new JsonArray(IntStream.range(0, 400)
            .mapToObj(i -> 100).toList())), "s");
    client.nextOn("s");
    await().atMost(Duration.ofSeconds(20)).until(() -> busy() > 0);
    client.close();
    // 400 items of 100 ms on 2 slots would keep the worker busy for 20 s
    await().atMost(Duration.ofSeconds(8)).until(() -> busy() == 0);
  }

  @Test
  void aFloodOfSubmits_isRefusedPastTheConnectionsJobs_andTheConnectionGoesOn()
      throws Exception {
    try (FrameClient client = alice()) {
      for (int i = 0; i < 10; i++) {
        client.send(GatewayConnection.SUBMIT, new JsonObject().put("job", "j" + i)
            .put("kind", "map").put("task", "sleep").put("items", new JsonArray(List.of(2_000))),
            "s" + i);
      }
      int refused = 0;
      for (int i = 0; i < 10; i++) {
        JsonObject answer = client.nextOn("s" + i);
        if ("err".equals(answer.getString("type"))) {
          assertThat(answer.getInteger("failureCode")).isEqualTo(429);
          refused++;
        }
      }
      assertThat(refused).isEqualTo(6);
      client.write("{\"type\": \"ping\"}");
      JsonObject frame = client.next(20_000);
      while (frame != null && !"pong".equals(frame.getValue("type"))) {
        frame = client.next(20_000); // the running jobs' events, then the pong
      }
      assertThat(frame).as("a pong within 20 s").isNotNull();
    }
  }

  private static long busy() throws Exception {
    return observer.workers().await(10, TimeUnit.SECONDS).stream()
        .mapToLong(WorkerInfo::busy).sum();
  }
}
