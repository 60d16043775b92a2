package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskbus.auth.ScramLogin;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.impl.ClusterNodes;
import io.taskbus.dashboard.DashboardVerticle;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker node with {@code http} in its conf serves {@code /metrics} and {@code /health} over
 * real HTTP: scraped after it ran a job, on a real cluster.
 */
@Timeout(120)
class NodeHttpTest {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static TestCluster cluster;
  private static TaskPool pool;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    port = ClusterNodes.freeLoopbackPorts(1);
    cluster = TestCluster.empty(conf -> conf.put("http", new JsonObject()
        .put("port", port).put("host", "127.0.0.1")));
    cluster.addWorkerNode();
    cluster.withClient();
    pool = cluster.pool();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the series {@code series} (name and labels, as printed), or -1. */
  static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void health_withEverythingUp_is200_andItsAuthPingIsNoFailedLogin() throws Exception {
    double before = value(get("/metrics").body(),
        "taskbus_logins_refused_total{code=\"UNAUTHENTICATED\"}");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> health = get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(health.body());
      assertThat(body.getString("outcome")).isEqualTo("UP");
      assertThat(body.getJsonArray("checks")).hasSize(3);
    }
    assertThat(value(get("/metrics").body(),
        "taskbus_logins_refused_total{code=\"UNAUTHENTICATED\"}")).isEqualTo(before);
  }

  @Test
  void metrics_afterAJob_haveTheTaskbusMeters_andOneLabelForEveryWorkerAddress()
      throws Exception {
    List<Integer> items = IntStream.range(0, 200).boxed().toList();
    assertThat(pool.<Integer>mapAsync("double", items, 20).get(30, TimeUnit.SECONDS))
        .hasSize(200);
    assertThatThrownBy(() -> ScramLogin.login(cluster.client().eventBus(), Addresses.AUTH,
        "alice", "not-her-password", 10_000).await(20, TimeUnit.SECONDS));
    WorkerInfo worker = pool.workers().await(10, TimeUnit.SECONDS).get(0);
    assertThatThrownBy(() -> cluster.client().eventBus().request(worker.address(),
        Buffer.buffer("x"), new DeliveryOptions().addHeader("task", "double"))
        .await(10, TimeUnit.SECONDS));

    // the chunks' last listener calls come just after their answers: wait for the count
    String text = await().atMost(Duration.ofSeconds(10)).until(() -> get("/metrics").body(),
        t -> value(t, "taskbus_items_completed_total") >= 200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    double completed = value(text, "taskbus_chunks_completed_total");
    assertThat(completed).isGreaterThanOrEqualTo(10);
    assertThat(value(text, "taskbus_chunks_received_total")).isGreaterThan(completed);
    assertThat(value(text, "taskbus_chunks_refused_total{code=\"UNAUTHENTICATED\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "taskbus_logins_refused_total{code=\"UNAUTHENTICATED\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "taskbus_chunk_run_seconds_count")).isEqualTo(completed);
    assertThat(value(text, "taskbus_item_run_seconds_count")).isEqualTo(completed);
    assertThat(text).contains("taskbus_chunk_run_seconds_bucket{le=");
    String worker1 = "{worker=\"" + worker.worker() + "\"}";
    assertThat(value(text, "taskbus_worker_slots" + worker1)).isEqualTo(2);
    assertThat(value(text, "taskbus_worker_busy_slots" + worker1)).isBetween(0.0, 2.0);
    assertThat(value(text, "taskbus_worker_queued_chunks" + worker1)).isGreaterThanOrEqualTo(0);
    assertThat(value(text, "taskbus_sessions_known" + worker1)).isGreaterThanOrEqualTo(0);
    // the event bus: every worker's own address is one label value, never its UUID
    assertThat(text).contains("vertx_eventbus_delivered_total{address=\"taskbus.tasks.w.*\"")
        .doesNotContain("address=\"" + worker.address() + "\"")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void aPoolOnTheMeteredNode_isMeteredThere_andOneOnAnUnmeteredNodeIsNot() throws Exception {
    // the worker node's Vert.x meters into the JVM's one Prometheus registry; the client
    // node's has metrics off, so the other tests' pool counts nowhere
    Vertx node = cluster.workers().get(0);
    TaskPool metered = TaskPool.connect(node, new PoolOptions().setUsername("alice")
        .setPassword(TestCluster.ALICE_PASSWORD)).await(30, TimeUnit.SECONDS);
    try {
      List<Integer> items = IntStream.range(0, 100).boxed().toList();
      assertThat(metered.<Integer>mapAsync("double", items, 10).get(30, TimeUnit.SECONDS))
          .hasSize(100);
      String text = await().atMost(Duration.ofSeconds(10)).until(() -> get("/metrics").body(),
          t -> value(t, "taskbus_jobs_running") == 0);
      assertThat(value(text, "taskbus_tasks_submitted_total")).isEqualTo(100);
      assertThat(value(text, "taskbus_tasks_completed_total")).isEqualTo(100);
      assertThat(value(text, "taskbus_tasks_failed_total")).isZero();
      assertThat(value(text, "taskbus_chunks_submitted_total")).isGreaterThanOrEqualTo(10);
      assertThat(value(text, "taskbus_chunk_latency_seconds_count")).isEqualTo(10);
      assertThat(text).contains("taskbus_chunk_latency_seconds_bucket{le=");
    } finally {
      metered.close();
    }
  }

  @Test
  void aDashboardOnTheMeteredNode_gaugesTheClustersRunningJobs() throws Exception {
    Vertx node = cluster.workers().get(0);
    JsonObject conf = cluster.confJson();
    String id = node.deployVerticle(new DashboardVerticle(NodeKeys.tokenKeys(conf),
        NodeKeys.address(conf))).await(30, TimeUnit.SECONDS);
    try {
      String text = await().atMost(Duration.ofSeconds(10)).until(() -> get("/metrics").body(),
          t -> value(t, "taskbus_cluster_jobs_running") >= 0);
      assertThat(value(text, "taskbus_cluster_jobs_running")).isZero();
    } finally {
      node.undeploy(id).await(30, TimeUnit.SECONDS);
    }
    assertThat(get("/metrics").body()).doesNotContain("taskbus_cluster_jobs_running");
  }

  @Test
  void anH2cUpgradeRequest_isAnsweredInHttp11() throws Exception {
    // java.net.http asks to upgrade plain http to HTTP/2 (h2c); Vert.x's upgrade then sent a
    // chunked HTTP/1.1 body after its 101 now and then, which the client read as broken frames
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
          + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(
          socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      assertThat(status).startsWith("HTTP/1.1 200");
    }
  }
}
