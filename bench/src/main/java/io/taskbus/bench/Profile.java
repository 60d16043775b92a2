package io.taskbus.bench;

import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tiny-items job alone, many times, to profile: {@code Profile RUNS}. Start it with
 * {@code -XX:StartFlightRecording=...} and {@code -Dbench.workerJvmArgs=...} to record the
 * client and the workers.
 */
public final class Profile {

  private Profile() {
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("taskbus.home", ".")).toAbsolutePath().normalize();
    int runs = Integer.parseInt(args[0]);
    boolean dispatch = args.length > 1 && args[1].equals("dispatch");
    boolean latency = args.length > 1 && args[1].equals("latency");
    if (args.length > 1 && args[1].equals("sharing")) {
      sharing(home, runs);
      return;
    }
    try (BenchCluster cluster = new BenchCluster(home, Files.createTempDirectory("profile"))) {
      if (dispatch) {
        cluster.startWorkers(w -> w.put("instances", 8).put("poolSize", 1),
            w -> w.put("instances", 8).put("poolSize", 1));
      } else {
        cluster.startWorkers(w -> w.put("poolSize", 2), w -> w.put("poolSize", 2));
      }
      TaskbusConf conf = cluster.clientConf();
      Vertx vertx = conf.joinCluster(false).await(120, TimeUnit.SECONDS);
      TaskPool pool = TaskPool.connect(vertx, conf.poolOptions()).await(60, TimeUnit.SECONDS);
      Thread.sleep(2_000); // let both workers announce themselves before timing
      if (latency) {
        if (System.getenv("TINYFIRST") != null) {
          Runs.Timed t = new TinyItems(vertx, pool, null, home).taskbus();
          for (int i = 0; i < 10; i++) { System.out.println("tiny " + t.seconds()); }
        }
        for (int r = 0; r < runs; r++) {
          long[][] both = Latency.applyAndRaw(pool, vertx);
          cpuPerCall("apply", () -> pool.<Number>apply("double", 1));
          cpuPerCall("raw", () -> Latency.rawCall(vertx, 1));
          System.out.printf("latency: apply p50 %.0f us p99 %.0f us; raw p50 %.0f us p99 %.0f"
              + " us%n", Runs.percentileMicros(both[0], 50), Runs.percentileMicros(both[0], 99),
              Runs.percentileMicros(both[1], 50), Runs.percentileMicros(both[1], 99));
        }
        cluster.stopWorkers();
        vertx.close().await(60, TimeUnit.SECONDS);
        System.exit(0);
      }
      List<Integer> echoes = java.util.stream.IntStream.range(0, 20_000).boxed().toList();
      Runs.Timed tiny = dispatch ? Runs.wall(() -> pool.mapAsync("echo", echoes, 1)
          .get(10, TimeUnit.MINUTES)) : new TinyItems(vertx, pool, null, home).taskbus();
      double[] seconds = new double[runs];
      double[] cpuNanos = new double[runs];
      int items = dispatch ? echoes.size() : TinyItems.ITEMS;
      double[] compileMs = new double[runs];
      var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
      for (int i = 0; i < runs; i++) {
        MachineCpu before = MachineCpu.now();
        long compiled = jit.getTotalCompilationTime();
        seconds[i] = tiny.seconds();
        cpuNanos[i] = MachineCpu.now().busyCoreSecondsSince(before) * 1e9 / items;
        compileMs[i] = jit.getTotalCompilationTime() - compiled;
      }
      System.out.println("items/s: " + Runs.list(TinyItems.rates(TinyItems.ITEMS, seconds),
          "%,.0f"));
      // the machine's CPU per item moves far less with a noisy neighbour than the wall time
      System.out.println("machine CPU per item: " + Runs.list(cpuNanos, "%,.0f ns"));
      // a JIT still compiling competes with the run for the cores
      System.out.println("JIT compile time per run: " + Runs.list(compileMs, "%,.0f ms"));
      cluster.stopWorkers();
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** CPU per call, this JVM's and the machine's, over {@value Latency#CALLS} calls in a row. */
  private static void cpuPerCall(String name, Runs.Run call) throws Exception {
    MachineCpu machine = MachineCpu.now();
    long self = BenchClient.processCpuNanos();
    for (int i = 0; i < Latency.CALLS; i++) {
      call.run();
    }
    double client = (BenchClient.processCpuNanos() - self) / 1e3 / Latency.CALLS;
    double all = MachineCpu.now().busyCoreSecondsSince(machine) * 1e6 / Latency.CALLS;
    System.out.printf("  %s: CPU per call: client %.1f us, machine %.1f us%n", name, client, all);
  }

  /** Rounds of one client JVM alone then four, as the benchmark runs them. */
  private static void sharing(Path home, int rounds) throws Exception {
    try (BenchCluster cluster = new BenchCluster(home, Files.createTempDirectory("profile"))) {
      cluster.startWorkers(w -> w.put("poolSize", 2), w -> w.put("poolSize", 2));
      Sharing sharing = new Sharing(cluster);
      for (int r = 0; r < rounds; r++) {
        Sharing.Outcome one = sharing.run(1, "alone-" + r);
        Sharing.Outcome four = sharing.run(4, "four-" + r);
        System.out.printf("sharing: alone %,.0f items/s (cores %.2f, client %.2f); four %,.0f"
            + " items/s (cores %.2f, clients %.2f): %.2fx, shares %s%n", one.itemsPerSecond(),
            one.machineCpu(), one.clientCpu(), four.itemsPerSecond(), four.machineCpu(),
            four.clientCpu(), four.itemsPerSecond() / one.itemsPerSecond(), four.rates()
            + " cores " + four.clientCores());
      }
      cluster.stopWorkers();
    }
    System.exit(0);
  }
}
