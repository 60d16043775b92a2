package io.taskbus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker nodes as separate JVMs, started the two ways a user does (bin/taskbus worker and the
 * Vert.x launcher), and jobs run from the CLI and from the launcher's ClientVerticle.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessClusterTest {

  private static final Path HOME = TestCluster.home();
  private static final long RUN_TIMEOUT_S = 90;

  @TempDir
  static Path dir;
  private static final List<Process> workers = new ArrayList<>();

  /** What a finished command printed and how it exited. */
  record Run(int exit, String out, String err) {
  }

  @BeforeAll
  static void startWorkers() throws Exception {
    writeConfs();
    workers.add(start(List.of(HOME.resolve("bin/taskbus").toString(), "worker", "--conf",
        dir.resolve("worker.json").toString()), "worker-cli", Map.of()));
    workers.add(start(launcher("io.taskbus.node.NodeVerticle", "worker.json"), "worker-launcher",
        Map.of()));
    for (String name : List.of("worker-cli", "worker-launcher")) {
      await().atMost(Duration.ofSeconds(RUN_TIMEOUT_S)).pollInterval(Duration.ofMillis(200))
          .until(() -> read(name + ".err").contains("worker node up")
              || read(name + ".out").contains("worker node up"));
    }
  }

  @AfterAll
  static void stopWorkers() {
    workers.forEach(Process::destroyForcibly);
  }

  /** The shipped confs, on a cluster name and ports of this test's own. */
  private static void writeConfs() throws IOException {
    JsonObject fresh = TestCluster.freshConf();
    JsonObject cluster = fresh.getJsonObject("cluster");
    String xml = Files.readString(HOME.resolve("conf/cluster.xml"))
        .replace("<cluster-name>taskbus</cluster-name>",
            "<cluster-name>" + cluster.getString("name") + "</cluster-name>")
        .replaceAll("127\\.0\\.0\\.1:58(\\d\\d)", "127.0.0.1:PORT$1")
        .replace(">5801</port>", ">" + cluster.getInteger("port") + "</port>");
    int base = cluster.getInteger("port");
    for (int i = 1; i <= TestCluster.PORTS; i++) {
      xml = xml.replace("PORT0" + i, String.valueOf(base + i - 1));
    }
    Files.writeString(dir.resolve("cluster.xml"), xml);
    JsonObject worker = new JsonObject().put("demo", true)
        .put("cluster", new JsonObject().put("config", dir.resolve("cluster.xml").toString()))
        .put("auth", new JsonObject().put("users", HOME.resolve("conf/users.properties")
            .toString()))
        .put("worker", new JsonObject().put("poolSize", 1).put("announceIntervalMs", 300));
    Files.writeString(dir.resolve("worker.json"), worker.encodePrettily());
    JsonObject client = worker.copy().put("pool", new JsonObject().put("username", "alice")
        .put("password", TestCluster.ALICE_PASSWORD)).put("job", new JsonObject()
        .put("kind", "starmap").put("task", "mul").put("args", new JsonArray("[[1,4],[2,5],[3,6]]")));
    Files.writeString(dir.resolve("client.json"), client.encodePrettily());
  }

  private static List<String> launcher(String verticle, String conf) throws IOException {
    String cp = HOME.resolve("verticles/target/classes") + File.pathSeparator
        + Files.readString(HOME.resolve("verticles/target/runtime-classpath.txt")).strip();
    return List.of("java", "-cp", cp, "-Djava.net.preferIPv4Stack=true",
        "-Djava.util.logging.config.file=" + HOME.resolve("conf/logging.properties"),
        "-Dvertx.hazelcast.config=" + dir.resolve("cluster.xml"),
        "io.vertx.launcher.application.VertxApplication", verticle, "-cluster",
        "-cluster-host", "127.0.0.1", "-conf", dir.resolve(conf).toString());
  }

  private static Process start(List<String> command, String name, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().put("TASKBUS_NO_BUILD", "1");
    builder.environment().remove("TASKBUS_PASSWORD");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static String read(String file) throws IOException {
    Path path = dir.resolve(file);
    return Files.exists(path) ? Files.readString(path) : "";
  }

  private static int runs;

  private static Run run(Map<String, String> env, List<String> command) throws Exception {
    String name = "run-" + (++runs);
    Process process = start(command, name, env);
    if (!process.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish; stderr: " + read(name + ".err"));
    }
    return new Run(process.exitValue(), read(name + ".out").strip(), read(name + ".err"));
  }

  private static Run cli(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/taskbus").toString()));
    command.add(args[0]);
    command.addAll(List.of("--conf", dir.resolve("client.json").toString()));
    command.addAll(List.of(args).subList(1, args.length));
    return run(env, command);
  }

  @Test
  @Order(1)
  void cliJobs_againstWorkerJvms_printJsonAndExitByOutcome() throws Exception {
    Run map = cli(Map.of(), "map", "double", "1", "2", "3");
    assertThat(map.exit()).as(map.err()).isZero();
    assertThat(map.out()).isEqualTo("[2,4,6]");

    Run status = cli(Map.of(), "status", "--json");
    assertThat(status.exit()).as(status.err()).isZero();
    JsonArray nodes = new JsonObject(status.out()).getJsonArray("nodes");
    assertThat(nodes).hasSize(2);
    assertThat(nodes.getJsonObject(0).getJsonArray("tasks").getList()).contains("double", "pi");

    Run failed = cli(Map.of(), "apply", "fail", "boom");
    assertThat(failed.exit()).isEqualTo(ExitCodes.TASK_FAILED);
    assertThat(failed.err()).contains("boom").contains("IllegalStateException");
    assertThat(failed.out()).isEmpty();

    Run unknown = cli(Map.of(), "map", "no-such-task", "1");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.BAD_INPUT);

    Run refused = cli(Map.of("TASKBUS_PASSWORD", "wrong-password"), "map", "double", "1");
    assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err()).contains("invalid username or password")
        .doesNotContain("wrong-password");
  }

  @Test
  @Order(2)
  void launcherClientVerticle_runsItsConfJob_andPrintsTheOrderedResult() throws Exception {
    Run run = run(Map.of(), launcher("io.taskbus.node.ClientVerticle", "client.json"));
    assertThat(run.out()).as(run.err()).contains("[4,10,18]");
  }

  @Test
  @Order(3)
  void sigterm_stopsAWorkerNodeCleanly() throws Exception {
    Process extra = start(List.of(HOME.resolve("bin/taskbus").toString(), "worker", "--conf",
        dir.resolve("worker.json").toString()), "worker-extra", Map.of());
    workers.add(extra);
    await().atMost(Duration.ofSeconds(RUN_TIMEOUT_S)).pollInterval(Duration.ofMillis(200))
        .until(() -> read("worker-extra.err").contains("worker node up"));
    extra.destroy(); // SIGTERM
    assertThat(extra.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(read("worker-extra.err")).contains("finishing the chunks in hand");
  }
}
