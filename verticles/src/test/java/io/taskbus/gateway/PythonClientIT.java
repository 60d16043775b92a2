package io.taskbus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.testing.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Python client's own tests (clients/python/tests), run by python3 against a real cluster
 * through a real gateway: the unit tests and, with {@code TASKBUS_GATEWAY} set, the ones that
 * talk to it.
 */
@Timeout(600)
class PythonClientIT {

  private static GatewayCluster cluster;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    cluster = GatewayCluster.start(gateway -> { });
    port = cluster.port();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void thePythonClientsTests_passAgainstARealGateway() throws Exception {
    Path python = TestCluster.home().resolve("clients/python");
    Path log = Files.createTempFile("python-client", ".log");
    ProcessBuilder run = new ProcessBuilder(List.of("python3", "-m", "unittest", "discover",
        "-s", "tests", "-v")).directory(python.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    run.environment().put("TASKBUS_GATEWAY", "127.0.0.1:" + port);
    run.environment().put("TASKBUS_PASSWORD", TestCluster.ALICE_PASSWORD);
    run.environment().put("TASKBUS_BOB_PASSWORD", "bob-demo-password");
    run.environment().put("PYTHONPATH", python.toString());
    Process process = run.start();
    boolean ended = process.waitFor(540, TimeUnit.SECONDS);
    String output = read(log);
    System.out.println(output); // the test names and their outcomes, in the report
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("python's tests ended within 540 s").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("OK").doesNotContain("skipped 'TASKBUS_GATEWAY");
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
