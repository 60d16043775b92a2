package io.taskbus.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Client JVMs sharing the same workers: aggregate rate, each one's share, retries. */
final class Sharing {

  static final int RUNS = 3;

  /** What the client JVMs did together. */
  record Outcome(double itemsPerSecond, List<Double> rates, int retries) {
  }

  private final BenchCluster cluster;

  Sharing(BenchCluster cluster) {
    this.cluster = cluster;
  }

  /** Runs {@code clients} client JVMs at once; the aggregate counts from the first start. */
  Outcome run(int clients, String tag) throws Exception {
    Path conf = cluster.clientConfFile();
    List<String> names = new ArrayList<>();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String name = "client-" + tag + "-" + i;
      names.add(name);
      processes.add(cluster.start(name, BenchClient.class, List.of(), conf.toString(),
          Integer.toString(RUNS)));
    }
    for (String name : names) {
      cluster.awaitLine(name, "ready");
    }
    for (Process process : processes) {
      go(process.getOutputStream());
    }
    long first = Long.MAX_VALUE;
    long last = 0;
    long items = 0;
    int retries = 0;
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Process process = processes.get(i);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(names.get(i) + " failed: "
            + cluster.read(names.get(i) + ".err"));
      }
      String out = cluster.read(names.get(i) + ".out").strip();
      JsonObject result = new JsonObject(out.substring(out.lastIndexOf('{')));
      long start = result.getLong("start");
      long end = result.getLong("end");
      first = Math.min(first, start);
      last = Math.max(last, end);
      items += result.getLong("items");
      retries += result.getInteger("retries");
      rates.add(result.getLong("items") / ((end - start) / 1000.0));
    }
    return new Outcome(items / ((last - first) / 1000.0), rates, retries);
  }

  private static void go(OutputStream stdin) throws IOException {
    stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }
}
