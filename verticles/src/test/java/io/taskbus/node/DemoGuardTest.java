package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.auth.SecretFiles;
import io.taskbus.client.TaskbusConf;
import io.taskbus.testing.TestCluster;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo secret and demo users work on loopback only. 192.0.2.1 (TEST-NET-1) is never bound:
 * the checks run before anything listens. Assumes TASKBUS_SECRET is not set, as in CI.
 */
@Timeout(60)
class DemoGuardTest {

  @TempDir
  Path dir;

  /** The shipped demo worker conf, in the shipped conf folder, its cluster section changed. */
  private static TaskbusConf demoConf(JsonObject cluster) {
    JsonObject json = TaskbusConf.load(TestCluster.home().resolve("conf/worker.json")).json();
    json.getJsonObject("cluster").mergeIn(cluster);
    return TaskbusConf.of(json, TestCluster.home().resolve("conf"));
  }

  @Test
  void shippedDemoConf_onLoopback_starts() {
    NodeVerticle.checkBeforeJoining(demoConf(new JsonObject()));
    NodeVerticle.checkBeforeJoining(demoConf(new JsonObject().put("host", "localhost")));
  }

  @Test
  void demoConf_eventBusHostNotLoopback_refusedNamingTheSettingAndAddress() {
    assertThatThrownBy(() -> NodeVerticle.checkBeforeJoining(demoConf(new JsonObject()
        .put("host", "192.0.2.1")))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refusing to start")
        .hasMessageContaining("the public demo token secret")
        .hasMessageContaining("the demo users file")
        .hasMessageContaining("cluster.host is 192.0.2.1")
        .hasMessageContaining("TASKBUS_SECRET");
  }

  @Test
  void demoConf_publicHostOrHazelcastInterfaceNotLoopback_refused() {
    assertThatThrownBy(() -> NodeVerticle.checkBeforeJoining(demoConf(new JsonObject()
        .put("publicHost", "192.0.2.1")))).hasMessageContaining("cluster.publicHost is 192.0.2.1");
    assertThatThrownBy(() -> NodeVerticle.checkBeforeJoining(demoConf(new JsonObject()
        .put("interface", "192.0.2.*")))).hasMessageContaining("Hazelcast interface")
        .hasMessageContaining("is 192.0.2.*");
  }

  @Test
  void demoUsersWithARealSecret_stillKeptToLoopback() throws Exception {
    Path secret = dir.resolve("secret");
    SecretFiles.create(secret, SigningSecrets.generate());
    TaskbusConf conf = demoConf(new JsonObject().put("host", "192.0.2.1"));
    conf.json().put("auth", new JsonObject().put("secretFile", secret.toString())
        .put("users", TestCluster.home().resolve("conf/users.properties").toString()));
    assertThatThrownBy(() -> NodeVerticle.checkBeforeJoining(conf))
        .hasMessageContaining("uses the demo users file")
        .hasMessageNotContaining("demo token secret");
  }

  @Test
  void ownSecretAndUsers_anyAddress_starts() throws Exception {
    Path secret = dir.resolve("secret");
    SecretFiles.create(secret, SigningSecrets.generate());
    SecretFiles.create(dir.resolve("users.properties"), "user.dave=x\n");
    JsonObject json = new JsonObject().put("cluster", new JsonObject().put("host", "192.0.2.1")
        .put("interface", "192.0.2.1")).put("auth", new JsonObject().put("secretFile", "secret"));
    NodeVerticle.checkBeforeJoining(TaskbusConf.of(json, dir));
  }

  @Test
  void isLoopback_literalsNamesAndPatterns() {
    assertThat(DemoGuard.isLoopback("127.0.0.1")).isTrue();
    assertThat(DemoGuard.isLoopback("127.0.0.1:5801")).isTrue();
    assertThat(DemoGuard.isLoopback("127.0.0.*")).isTrue();
    assertThat(DemoGuard.isLoopback("[::1]:5801")).isTrue();
    assertThat(DemoGuard.isLoopback("0.0.0.0")).isFalse();
    assertThat(DemoGuard.isLoopback("10.0.0.1-9")).isFalse();
    assertThat(DemoGuard.isLoopback("unset, so Hazelcast picks one")).isFalse();
  }

  /** The launcher path: the conf's cluster section is not read, the running node's addresses are. */
  @Test
  void demoNode_announcingANonLoopbackEventBusHost_failsToDeploy() throws Exception {
    try (TestCluster cluster = TestCluster.empty(conf -> conf.getJsonObject("cluster")
        .put("publicHost", "192.0.2.1"))) {
      Vertx node = cluster.addNode();
      JsonObject config = cluster.confJson();
      config.getJsonObject("cluster").remove("publicHost"); // as the launcher ignores it
      assertThatThrownBy(() -> node.deployVerticle(new NodeVerticle(), new DeploymentOptions()
          .setConfig(config)).await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS))
          .hasMessageContaining("the event-bus host")
          .hasMessageContaining("is 192.0.2.1");
      assertThat(node.deploymentIDs()).isEmpty();
    }
  }

  @Test
  void shippedUsersFile_isTheMarkedDemoOne() throws Exception {
    assertThat(Files.readAllLines(TestCluster.home().resolve("conf/users.properties")))
        .contains(NodeSettings.DEMO_USERS_MARKER);
  }
}
