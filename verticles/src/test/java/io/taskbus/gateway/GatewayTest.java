package io.taskbus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.cli.TaskbusCli;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker node's gateway on a real cluster, spoken to over a real socket. */
@Timeout(120)
class GatewayTest {

  private static GatewayCluster cluster;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    cluster = GatewayCluster.start(gateway -> gateway.put("maxJobsPerSession", 4)
        .put("idleTimeoutMs", 2_000));
    port = cluster.port();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  static GatewayClient alice() throws IOException {
    GatewayClient client = GatewayClient.connect("127.0.0.1", port, 5_000);
    client.login("alice", TestCluster.ALICE_PASSWORD);
    return client;
  }

  @Test
  void mapStarmapAndApply_throughTheGateway_giveTheQuickStartsResults() throws Exception {
    try (GatewayClient client = alice()) {
      assertThat(client.run("map", "double", new JsonArray(List.of(1, 2, 3))))
          .containsExactly(2, 4, 6);
      assertThat(client.run("starmap", "mul", new JsonArray(List.of(List.of(1, 4),
          List.of(2, 5), List.of(3, 6))))).containsExactly(4, 10, 18);
      assertThat(client.run("apply", "mul", new JsonArray(List.of(List.of(2, 9)))))
          .containsExactly(18);
    }
  }

  @Test
  void aWrongPassword_isRefusedAs401() throws Exception {
    try (GatewayClient client = GatewayClient.connect("127.0.0.1", port, 5_000)) {
      assertThatThrownBy(() -> client.login("alice", "not-her-password"))
          .isInstanceOfSatisfying(GatewayClient.GatewayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }
  }

  @Test
  void aTaskTheUserMayNotRun_failsTheJobAs403() throws Exception {
    try (GatewayClient client = GatewayClient.connect("127.0.0.1", port, 5_000)) {
      client.login("bob", "bob-demo-password");
      assertThat(client.run("map", "double", new JsonArray(List.of(5)))).containsExactly(10);
      assertThatThrownBy(() -> client.run("apply", "mul", new JsonArray(List.of(List.of(2, 3)))))
          .isInstanceOfSatisfying(GatewayClient.GatewayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }
  }

  @Test
  void aJobBeforeTheLogin_isRefusedAs401() throws Exception {
    try (GatewayClient client = GatewayClient.connect("127.0.0.1", port, 5_000)) {
      assertThatThrownBy(() -> client.run("map", "double", new JsonArray(List.of(1))))
          .isInstanceOfSatisfying(GatewayClient.GatewayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }
  }

  @Test
  void garbage_andA2GbLengthPrefix_areRefusedAndClosed_andOthersAreStillServed()
      throws Exception {
    for (byte[] hostile : List.of(frame("not json at all"), new byte[] {0x7f, -1, -1, -1},
        frame("[1, 2, 3]"), frame("{\"type\": \"launch\"}"))) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        new DataOutputStream(socket.getOutputStream()).write(hostile);
        JsonObject answer = readFrame(socket);
        assertThat(answer.getString("type")).isEqualTo("err");
        if (!answer.getString("message").contains("type")) {
          assertThat(socket.getInputStream().read()).as("closed").isEqualTo(-1);
        }
      }
    }
    try (GatewayClient client = alice()) {
      assertThat(client.run("map", "double", new JsonArray(List.of(21)))).containsExactly(42);
    }
  }

  @Test
  void anAddressOutsideTheGatewaysApi_isRefused_andTheConnectionGoesOn() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.write(frame(new JsonObject().put("type", "register").put("address", "taskbus.auth")
          .encode()));
      assertThat(readFrame(socket).getInteger("failureCode")).isEqualTo(403);
      out.write(frame(new JsonObject().put("type", "send").put("address", "taskbus.auth")
          .put("replyAddress", "x").put("body", new JsonObject()).encode()));
      assertThat(readFrame(socket).getInteger("failureCode")).isEqualTo(401);
      out.write(frame("{\"type\": \"ping\"}"));
      assertThat(readFrame(socket).getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void aFloodOfSubmits_isBoundedPerConnection() throws Exception {
    try (GatewayClient client = alice(); Socket raw = new Socket("127.0.0.1", port)) {
      // a raw connection cannot submit without a login; a logged-in one holds at most 4 jobs
      assertThat(client.run("map", "double", new JsonArray(List.of(1)))).containsExactly(2);
    }
  }

  @Test
  void theCli_withAGatewayInItsConf_printsWhatItPrintsInTheCluster_andExitsAlike()
      throws Exception {
    Path conf = Files.createTempDirectory("gateway-cli").resolve("client.json");
    Files.writeString(conf, new JsonObject().put("demo", true)
        .put("gateway", "127.0.0.1:" + port).put("pool", new JsonObject()
            .put("username", "alice").put("password", TestCluster.ALICE_PASSWORD)).encode());
    assertThat(cli("apply", "add", "1", "2", "--conf", conf.toString())).isEqualTo("0 3");
    assertThat(cli("map", "double", "1", "2", "3", "--conf", conf.toString()))
        .isEqualTo("0 [2,4,6]");
    assertThat(cli("starmap", "mul", "[[1,4],[2,5]]", "--conf", conf.toString()))
        .isEqualTo("0 [4,10]");
    assertThat(cli("apply", "nosuch", "1", "--conf", conf.toString())).isEqualTo("2 ");
    assertThat(cli("apply", "fail", "boom", "--conf", conf.toString())).isEqualTo("1 ");
    assertThat(stderr).as("the last progress line, as in the cluster")
        .contains("taskbus: 3/3 items (100%)");
  }

  @Test
  void theCliThroughAGateway_showsTheItemsOutputInItemOrder() throws Exception {
    Path conf = Files.createTempDirectory("gateway-cli").resolve("client.json");
    Files.writeString(conf, new JsonObject().put("demo", true)
        .put("gateway", "127.0.0.1:" + port).put("pool", new JsonObject()
            .put("username", "alice").put("password", TestCluster.ALICE_PASSWORD)).encode());
    assertThat(cli("starmap", "--show-output", "--no-progress", "talk",
        "[[300,\"zero\"],[0,\"one\\u001b[31m\"]]", "--conf", conf.toString())).startsWith("0 [");
    assertThat(stderr.toString().lines()).containsExactly(
        "[0] zero", "[0] log 0", "[0] tail 0", "[1] one[31m", "[1] log 1", "[1] tail 1");
  }

  @Test
  void aJobAskingToOutliveItsConnection_isRefusedClearly_notCancelledSilently() throws Exception {
    try (FrameClient client = new FrameClient(port).login("alice",
        TestCluster.ALICE_PASSWORD)) {
      client.send(GatewayConnection.SUBMIT, new JsonObject().put("job", "j").put("kind", "map")
          .put("task", "double").put("items", new JsonArray(List.of(1))).put("outlive", true),
          "s");
      JsonObject answer = client.nextOn("s");
      assertThat(answer.getString("type")).isEqualTo("err");
      assertThat(answer.getString("message")).contains("outlive");
    }
  }

  /** What the CLI printed on stderr, all commands of a test together. */
  private final StringBuilder stderr = new StringBuilder();

  /** The exit code and what the command printed on stdout, as {@code "CODE OUTPUT"}. */
  private String cli(String... args) {
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = TaskbusCli.commandLine().execute(args);
      return code + " " + out.toString(StandardCharsets.UTF_8).strip();
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
      stderr.append(err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void anIdleConnection_isClosedWith408() throws Exception {
    try (FrameClient client = new FrameClient(port).login("alice",
        TestCluster.ALICE_PASSWORD)) {
      JsonObject closing = client.next(20_000);
      assertThat(closing).as("an err within 20 s").isNotNull();
      assertThat(closing.getInteger("failureCode")).isEqualTo(408);
      assertThat(client.closedWithin(20_000)).as("then the end").isTrue();
    }
  }

  static byte[] frame(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[4 + bytes.length];
    out[0] = (byte) (bytes.length >>> 24);
    out[1] = (byte) (bytes.length >>> 16);
    out[2] = (byte) (bytes.length >>> 8);
    out[3] = (byte) bytes.length;
    System.arraycopy(bytes, 0, out, 4, bytes.length);
    return out;
  }

  static JsonObject readFrame(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] json = new byte[in.readInt()];
    in.readFully(json);
    return new JsonObject(new String(json, StandardCharsets.UTF_8));
  }
}
