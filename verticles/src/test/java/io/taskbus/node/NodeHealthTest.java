package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.impl.ClusterNodes;
import io.taskbus.testing.TestCluster;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /health} over real HTTP on a clustered node: 503 while one check is down (no auth
 * service in the cluster), 200 once every one is up (an auth service deployed).
 */
@Timeout(120)
class NodeHealthTest {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  static HttpResponse<String> health(int port) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Each check's id and status (UP or DOWN) in a health answer. */
  static Map<String, String> checks(String body) {
    JsonArray checks = new JsonObject(body).getJsonArray("checks");
    return checks.stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(c -> c.getString("id"), c -> c.getString("status")));
  }

  @Test
  void health_isDownWithoutAnAuthService_andUpOnceOneAnswers() throws Exception {
    int port = ClusterNodes.freeLoopbackPorts(1);
    try (TestCluster cluster = TestCluster.empty(conf -> conf
        .put("http", new JsonObject().put("port", port))
        .getJsonObject("auth").put("service", false))) {
      Vertx node = cluster.addWorkerNode();

      HttpResponse<String> down = health(port);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(down.body()).getString("outcome")).isEqualTo("DOWN");
      assertThat(checks(down.body())).containsExactlyInAnyOrderEntriesOf(Map.of(
          NodeHealth.CLUSTER, "UP", NodeHealth.WORKERS, "UP", NodeHealth.AUTH, "DOWN"));

      JsonObject withAuth = cluster.confJson();
      withAuth.getJsonObject("auth").put("service", true);
      node.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(withAuth))
          .await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
      HttpResponse<String> up = await().atMost(Duration.ofSeconds(20))
          .until(() -> health(port), r -> r.statusCode() == 200);
      assertThat(new JsonObject(up.body()).getString("outcome")).isEqualTo("UP");
      assertThat(checks(up.body())).containsExactlyInAnyOrderEntriesOf(Map.of(
          NodeHealth.CLUSTER, "UP", NodeHealth.WORKERS, "UP", NodeHealth.AUTH, "UP"));
    }
  }
}
