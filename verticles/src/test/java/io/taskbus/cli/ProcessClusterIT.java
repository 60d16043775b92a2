package io.taskbus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.testing.ProcessCluster;
import io.taskbus.testing.ProcessCluster.Run;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker nodes as separate JVMs, started the two ways a user does (bin/taskbus worker and the
 * Vert.x launcher), and jobs run from the CLI and from the launcher's ClientVerticle.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessClusterIT {

  private static final String SECRET = "a-process-test-secret-of-at-least-256-bits-0123456789";

  @TempDir
  static Path dir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startWorkers() throws Exception {
    cluster = new ProcessCluster(dir, 1);
    cluster.start(List.of(ProcessCluster.HOME.resolve("bin/taskbus").toString(), "worker",
        "--conf", dir.resolve("worker.json").toString()), "worker-cli",
        Map.of("TASKBUS_SECRET", SECRET));
    cluster.start(cluster.launcher("io.taskbus.node.NodeVerticle", "worker.json"),
        "worker-launcher", Map.of("TASKBUS_SECRET", SECRET));
    cluster.awaitOutput("worker-cli", "worker node up");
    cluster.awaitOutput("worker-launcher", "worker node up");
  }

  @AfterAll
  static void stopWorkers() {
    cluster.close();
  }

  @Test
  @Order(1)
  void cliJobs_againstWorkerJvms_printJsonAndExitByOutcome() throws Exception {
    Run map = cluster.cli(Map.of(), "map", "double", "1", "2", "3");
    assertThat(map.exit()).as(map.err()).isZero();
    assertThat(map.out()).isEqualTo("[2,4,6]");

    Run status = cluster.cli(Map.of(), "status", "--json");
    assertThat(status.exit()).as(status.err()).isZero();
    JsonArray nodes = new JsonObject(status.out()).getJsonArray("nodes");
    assertThat(nodes).hasSize(2);
    assertThat(nodes.getJsonObject(0).getJsonArray("tasks").getList()).contains("double", "pi");

    Run failed = cluster.cli(Map.of(), "apply", "fail", "boom");
    assertThat(failed.exit()).isEqualTo(ExitCodes.TASK_FAILED);
    assertThat(failed.err()).contains("boom").contains("IllegalStateException");
    assertThat(failed.out()).isEmpty();

    Run unknown = cluster.cli(Map.of(), "map", "no-such-task", "1");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.BAD_INPUT);

    Run refused = cluster.cli(Map.of("TASKBUS_PASSWORD", "wrong-password"), "map", "double", "1");
    assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err()).contains("invalid username or password")
        .doesNotContain("wrong-password");
  }

  @Test
  @Order(2)
  void launcherClientVerticle_runsItsConfJob_andPrintsTheOrderedResult() throws Exception {
    Run run = cluster.run(Map.of(), cluster.launcher("io.taskbus.node.ClientVerticle",
        "client.json"));
    assertThat(run.out()).as(run.err()).contains("[4,10,18]");
  }

  @Test
  @Order(3)
  void sigterm_stopsAWorkerNodeCleanly() throws Exception {
    Process extra = cluster.start(List.of(ProcessCluster.HOME.resolve("bin/taskbus").toString(),
        "worker", "--conf", dir.resolve("worker.json").toString()), "worker-extra",
        Map.of("TASKBUS_SECRET", SECRET));
    cluster.awaitOutput("worker-extra", "worker node up");
    extra.destroy(); // SIGTERM
    assertThat(extra.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(cluster.read("worker-extra.err")).contains("finishing the chunks in hand");
  }

  @Test
  @Order(4)
  void workerCli_demoConfBindingANonLoopbackHost_refusesToStart_sayingWhy() throws Exception {
    JsonObject conf = new JsonObject(Files.readString(dir.resolve("worker.json")));
    conf.getJsonObject("cluster").put("host", "192.0.2.1"); // TEST-NET-1: never bound
    Files.writeString(dir.resolve("exposed.json"), conf.encode());
    Run run = cluster.run(Map.of(), List.of(ProcessCluster.HOME.resolve("bin/taskbus")
        .toString(), "worker", "--conf", dir.resolve("exposed.json").toString()));
    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("refusing to start").contains("demo token secret")
        .contains("cluster.host is 192.0.2.1");
  }

  @Test
  @Order(5)
  void noLogLineOfAnyNode_containsTheSecretOrAPassword() throws Exception {
    for (String name : List.of("worker-cli", "worker-launcher", "worker-extra")) {
      String logs = cluster.read(name + ".out") + cluster.read(name + ".err");
      assertThat(logs).as(name).isNotEmpty().doesNotContain(SECRET)
          .doesNotContain("alice-demo-password").doesNotContain("DEMO token secret");
    }
  }
}
