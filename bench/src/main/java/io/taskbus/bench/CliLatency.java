package io.taskbus.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot command from process start to printed result, {@code apply add 1 2}: the CLI
 * through a gateway, the CLI joining the cluster, and Python's {@code Pool(2).apply}, one of each
 * in turn.
 */
final class CliLatency {

  static final int RUNS = 5;
  private static final String PYTHON = String.join("\n",
      "from multiprocessing import Pool",
      "import operator",
      "if __name__ == '__main__':",
      "    with Pool(2) as pool:",
      "        print(pool.apply(operator.add, (1, 2)))");

  private final Path home;
  private final Path viaGateway;
  private final Path joining;

  CliLatency(Path home, Path dir, JsonObject clientConf, int gatewayPort) throws IOException {
    this.home = home;
    this.joining = dir.resolve("cli-cluster.json");
    this.viaGateway = dir.resolve("cli-gateway.json");
    Files.writeString(joining, clientConf.encodePrettily());
    Files.writeString(viaGateway, clientConf.copy().put("gateway", "127.0.0.1:" + gatewayPort)
        .encodePrettily());
  }

  /** Seconds of each run: [0] through the gateway, [1] joining the cluster, [2] Python. */
  double[][] run(boolean python) throws Exception {
    List<Runs.Timed> contenders = python
        ? List.of(() -> cli(viaGateway), () -> cli(joining), this::python)
        : List.of(() -> cli(viaGateway), () -> cli(joining));
    // the first run after a build makes the CLI's class-data archive: unmeasured, as a user's
    return Runs.interleaved(1, RUNS, contenders);
  }

  private double cli(Path conf) throws Exception {
    ProcessBuilder command = new ProcessBuilder(home.resolve("bin/taskbus").toString(), "apply",
        "add", "1", "2", "--conf", conf.toString());
    command.environment().put("TASKBUS_NO_BUILD", "1"); // built by the bench already
    return timed(command);
  }

  private double python() throws Exception {
    return timed(new ProcessBuilder("python3", "-c", PYTHON));
  }

  /** Wall seconds from start to exit; the process must print 3 and exit 0. */
  private static double timed(ProcessBuilder command) throws Exception {
    long start = System.nanoTime();
    Process process = command.redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command.command() + " did not end within 60 s");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String text = new String(out, StandardCharsets.UTF_8).strip();
    if (process.exitValue() != 0 || !text.endsWith("3")) {
      throw new IllegalStateException(command.command() + " exited " + process.exitValue()
          + ": " + text);
    }
    return seconds;
  }
}
