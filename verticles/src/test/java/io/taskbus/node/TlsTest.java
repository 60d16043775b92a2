package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskbus.auth.TokenService;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.Headers;
import io.taskbus.testing.ProbeTasks;
import io.taskbus.testing.RawSession;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-bus TLS with mutual authentication: nodes holding a certificate of the cluster's CA work
 * together; a node without one (plain, or signed by another CA) joins Hazelcast, which does not
 * authenticate members, but cannot deliver a task to a worker, even with a valid token.
 */
@Timeout(120)
class TlsTest {

  @TempDir
  static Path certs;
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    DevCertificates.create(certs.resolve("trusted"), List.of("worker", "client"));
    DevCertificates.create(certs.resolve("rogue"), List.of("rogue"));
    cluster = TestCluster.empty(conf -> conf.getJsonObject("cluster")
        .put("tls", tls("trusted", "worker")));
    cluster.addWorkerNode();
    cluster.withClient();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static JsonObject tls(String ca, String node) {
    Path dir = certs.resolve(ca);
    return new JsonObject().put("keyPath", dir.resolve(node + "-key.pem").toString())
        .put("certPath", dir.resolve(node + "-cert.pem").toString())
        .put("caPath", certs.resolve("trusted/ca.pem").toString());
  }

  /** A client node on the same Hazelcast cluster, with the given event-bus TLS (or none). */
  private static Vertx node(JsonObject tls) throws Exception {
    JsonObject conf = cluster.confJson();
    if (tls == null) {
      conf.getJsonObject("cluster").remove("tls");
    } else {
      conf.getJsonObject("cluster").put("tls", tls);
    }
    return TaskbusConf.of(conf, TestCluster.home().resolve("conf")).joinCluster(false)
        .await(60, TimeUnit.SECONDS);
  }

  /** A chunk signed with alice's session, straight to {@code worker} from {@code node}. */
  private static io.vertx.core.Future<?> send(Vertx node, RawSession alice, String worker,
      Buffer chunk) {
    return node.eventBus().request(worker, chunk, alice.chunk(worker, "count", "p", chunk)
        .setSendTimeout(3_000));
  }

  @Test
  void nodesWithTrustedCertificates_runJobs() throws Exception {
    TaskPool pool = cluster.pool();
    assertThat(pool.<Integer>map("double", List.of(1, 2, 3))).containsExactly(2, 4, 6);
    pool.close();
  }

  @Test
  void nodeWithoutATrustedCertificate_cannotDeliverATask() throws Exception {
    TaskPool pool = cluster.pool();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> !pool.workers().await(5, TimeUnit.SECONDS).isEmpty());
    String worker = pool.workers().await(5, TimeUnit.SECONDS).get(0).address();
    Buffer chunk = new ChunkRequest("count", "raw-job", 0,
        new JsonArray().add(new JsonArray()), 0).toJson().toBuffer();
    Vertx trusted = node(tls("trusted", "client"));
    RawSession alice;
    try {
      alice = RawSession.login(trusted.eventBus(), "alice", TestCluster.ALICE_PASSWORD);
      int before = ProbeTasks.COUNT.get();
      send(trusted, alice, worker, chunk).await(10, TimeUnit.SECONDS);
      assertThat(ProbeTasks.COUNT.get()).as("the same message from a trusted node").isEqualTo(
          before + 1);
    } finally {
      trusted.close().await(30, TimeUnit.SECONDS);
    }
    for (JsonObject tls : new JsonObject[] {null, tls("rogue", "rogue")}) {
      Vertx rogue = node(tls);
      try {
        int before = ProbeTasks.COUNT.get();
        assertThatThrownBy(() -> send(rogue, alice, worker, chunk).await(10, TimeUnit.SECONDS))
            .as("tls %s", tls).isNotNull();
        assertThat(ProbeTasks.COUNT.get()).isEqualTo(before);
      } finally {
        rogue.close().await(30, TimeUnit.SECONDS);
      }
    }
    assertThat(pool.<Integer>map("double", List.of(4))).containsExactly(8);
    pool.close();
  }
}
