package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.client.NoWorkersException;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterNodesTest {

  @TempDir
  Path dir;

  private Path key;

  /** The options only name the PEM files: their content is read when the event bus starts. */
  @BeforeEach
  void pemFiles() throws Exception {
    key = Files.writeString(dir.resolve("node-key.pem"), "-----BEGIN PRIVATE KEY-----\n");
    Files.writeString(dir.resolve("node-cert.pem"), "-----BEGIN CERTIFICATE-----\n");
    Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Files.setPosixFilePermissions(dir.resolve("node-cert.pem"),
        PosixFilePermissions.fromString("rw-r--r--"));
  }

  private EventBusOptions withTls(JsonObject tls) {
    return ClusterNodes.eventBusOptions(new JsonObject().put("tls", tls.put("keyPath",
        "node-key.pem").put("certPath", "node-cert.pem").put("caPath", "ca.pem")), dir::resolve);
  }

  @Test
  void eventBusOptions_tlsKeyGroupOrOthersMayRead_refusedNamingTheFileAndTheFix()
      throws Exception {
    for (String open : new String[] {"rw-r--r--", "rw-r-----", "rw-rw-rw-"}) {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(open));
      assertThatThrownBy(() -> withTls(new JsonObject())).as(open)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cluster.tls.keyPath " + key + " is open to its group or others")
          .hasMessageContaining("chmod 600 " + key);
    }
  }

  @Test
  void eventBusOptions_tlsKeyOwnerOnly_mutualTlsWithIt() throws Exception {
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    EventBusOptions options = withTls(new JsonObject());
    assertThat(options.isSsl()).isTrue();
    assertThat(((PemKeyCertOptions) options.getKeyCertOptions()).getKeyPath())
        .isEqualTo(key.toString());
  }

  @Test
  void eventBusOptions_tlsOff_keyNotLookedAt() throws Exception {
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(withTls(new JsonObject().put("enabled", false)).isSsl()).isFalse();
  }

  @Test
  void liteMemberWithNoWorkerNodeUp_failsSayingToStartOne() {
    int port = ClusterNodes.freeLoopbackPorts(1);
    TaskbusConf conf = TaskbusConf.of(new JsonObject().put("cluster", new JsonObject()
        .put("name", "no-workers-" + port).put("port", port).put("portCount", 1)
        .put("members", new JsonArray().add("127.0.0.1:" + port))), dir);
    Throwable failure = conf.joinCluster(false).toCompletionStage().handle((v, e) -> e)
        .toCompletableFuture().join();
    assertThat(failure).isInstanceOf(NoWorkersException.class)
        .hasMessageContaining("no-workers-" + port).hasMessageContaining("bin/taskbus worker");
  }
}
