package io.taskbus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.node.DevCertificates;
import io.taskbus.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A gateway with TLS: clients that trust its CA get in, from Java and from Python. */
@Timeout(180)
class GatewayTlsTest {

  @TempDir
  static Path dir;
  private static GatewayCluster cluster;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    DevCertificates.create(dir, List.of("gateway"));
    cluster = GatewayCluster.start(gateway -> gateway.put("tls", new JsonObject()
        .put("keyPath", dir.resolve("gateway-key.pem").toString())
        .put("certPath", dir.resolve("gateway-cert.pem").toString())));
    port = cluster.port();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aJavaClientThatTrustsTheCa_runsJobs_andOneWithoutTlsGetsNothing() throws Exception {
    try (GatewayClient client = GatewayClient.connect("127.0.0.1", port, 5_000,
        dir.resolve("ca.pem"))) {
      client.login("alice", TestCluster.ALICE_PASSWORD);
      assertThat(client.run("map", "double", new JsonArray(List.of(1, 2)))).containsExactly(2, 4);
    }
    try (GatewayClient plain = GatewayClient.connect("127.0.0.1", port, 5_000)) {
      assertThatThrownBy(() -> plain.login("alice", TestCluster.ALICE_PASSWORD))
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void aClientThatTrustsAnotherCa_refusesTheGateway() throws Exception {
    Path other = dir.resolve("other");
    DevCertificates.create(other, List.of("x"));
    assertThatThrownBy(() -> GatewayClient.connect("127.0.0.1", port, 5_000,
        other.resolve("ca.pem"))).isInstanceOf(SSLException.class);
  }

  @Test
  void thePythonClient_withTheCaFile_runsTheQuickStart() throws Exception {
    Path python = TestCluster.home().resolve("clients/python");
    String script = String.join("\n", "import os, taskbus",
        "with taskbus.Pool('127.0.0.1:" + port + "', user='alice',"
            + " password=os.environ['TASKBUS_PASSWORD'], cafile='" + dir.resolve("ca.pem")
            + "') as pool:",
        "    print(pool.map('double', [1, 2, 3]), pool.apply('mul', (2, 9)))");
    ProcessBuilder run = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true);
    run.environment().put("PYTHONPATH", python.toString());
    run.environment().put("TASKBUS_PASSWORD", TestCluster.ALICE_PASSWORD);
    Process process = run.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out.strip()).isEqualTo("[2, 4, 6] 18");
  }

  @Test
  void theCli_withTheGatewaysCaInItsConf_runsThroughIt() throws Exception {
    Path conf = dir.resolve("client.json");
    Files.writeString(conf, new JsonObject().put("demo", true)
        .put("gateway", new JsonObject().put("address", "127.0.0.1:" + port)
            .put("caPath", dir.resolve("ca.pem").toString()))
        .put("pool", new JsonObject().put("username", "alice")
            .put("password", TestCluster.ALICE_PASSWORD)).encode());
    java.io.PrintStream realOut = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = io.taskbus.cli.TaskbusCli.commandLine().execute("apply", "add", "1", "2",
          "--conf", conf.toString());
    } finally {
      System.setOut(realOut);
    }
    assertThat(code + " " + out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("0 3");
  }
}
