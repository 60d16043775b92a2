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

  /** The common window in which every client's items are counted. */
  static final long WINDOW_MS = 4_000;

  /**
   * Each client's heap: fixed and touched at start, as a long-running service's would be. A heap
   * still growing in the window made its client fault in fresh pages there (the kernel's
   * clear_page under each new large buffer, in perf): that client's event loop spent two thirds
   * of its time in the kernel and did a third of the others' items. With these, 4 of 4 rounds
   * had every share within 6% of fair, against about one round in four below 0.8 without.
   */
  static final List<String> CLIENT_HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

  /**
   * What the client JVMs did together in the window, and each one's items/s and cores: a client
   * that got less of the machine's CPU than the others shows it there.
   */
  record Outcome(double itemsPerSecond, List<Double> rates, int retries, double clientCpu,
                 double machineCpu, List<Double> clientCores) {
  }

  private final BenchCluster cluster;

  Sharing(BenchCluster cluster) {
    this.cluster = cluster;
  }

  /** Runs {@code clients} client JVMs over one common window, once all are warm. */
  Outcome run(int clients, String tag) throws Exception {
    Path conf = cluster.clientConfFile();
    List<String> names = new ArrayList<>();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String name = "client-" + tag + "-" + i;
      names.add(name);
      List<String> jvmArgs = new ArrayList<>(CLIENT_HEAP);
      jvmArgs.addAll(BenchCluster.clientJvmArgs(name));
      processes.add(cluster.start(name, BenchClient.class, jvmArgs, conf.toString()));
    }
    for (String name : names) {
      cluster.awaitLine(name, "ready");
    }
    long start = System.currentTimeMillis() + 500;
    for (Process process : processes) {
      go(process.getOutputStream(), start, start + WINDOW_MS);
    }
    double machineCpu = busyCores(start, start + WINDOW_MS);
    long items = 0;
    int retries = 0;
    long clientCpuMs = 0;
    List<Double> rates = new ArrayList<>();
    List<Double> cores = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Process process = processes.get(i);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(names.get(i) + " failed: "
            + cluster.read(names.get(i) + ".err"));
      }
      String out = cluster.read(names.get(i) + ".out").strip();
      JsonObject result = new JsonObject(out.substring(out.lastIndexOf('{')));
      items += result.getLong("items");
      retries += result.getInteger("retries");
      clientCpuMs += result.getLong("cpuMs");
      cores.add(result.getLong("cpuMs") / (double) WINDOW_MS);
      rates.add(result.getLong("items") / (WINDOW_MS / 1000.0));
    }
    return new Outcome(items / (WINDOW_MS / 1000.0), rates, retries,
        clientCpuMs / (double) WINDOW_MS, machineCpu, cores);
  }

  /** Cores busy on average from {@code start} to {@code end} (epoch ms). */
  private static double busyCores(long start, long end) throws InterruptedException {
    Thread.sleep(Math.max(0, start - System.currentTimeMillis())); // to the window's start
    MachineCpu first = MachineCpu.now();
    Thread.sleep(Math.max(0, end - System.currentTimeMillis())); // to its end
    return MachineCpu.now().busyCoresSince(first);
  }


  private static void go(OutputStream stdin, long start, long end) throws IOException {
    stdin.write(("go " + start + " " + end + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }
}
