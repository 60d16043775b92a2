package io.taskbus.bench;

import com.hazelcast.core.HazelcastInstance;
import io.taskbus.client.LocalTaskPool;
import io.taskbus.client.MapResult;
import io.taskbus.client.impl.ClusterNodes;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench}: taskbus side by side with what its users would use instead, on real worker
 * JVMs on loopback. Every figure is the median of 3 warm runs, every ratio against a reference
 * measured in the same run, every result checked. Prints the table and writes
 * {@code bench/RESULTS.md}. Usage: {@code Bench [RESULTS_FILE]}.
 */
public final class Bench {

  private static final int DISPATCH_CHUNKS = 20_000;
  /** Rounds of one client alone, then four at once. */
  private static final int SHARING_ROUNDS = 3;
  /** Sixteen worker verticles' code paths take a few runs to be compiled. */
  private static final int DISPATCH_WARM_RUNS = 10;
  /** Rounds of the tiny-items contenders: one run of each per round. */
  private static final int TINY_ROUNDS = 5;
  /**
   * Unmeasured rounds first: a 1,000,000-item job is only fast once the JIT has seen it and the
   * heap has sized its young generation, in the client and both workers. With 3, taskbus's
   * measured rounds still climbed from the first to the last (3.4, 6.0, 5.2, 6.2, 6.9 M items/s;
   * `Profile` shows the machine's CPU per item falling until the sixth run or so), so the
   * median was not of warm runs; the references (a loop, Hazelcast, Python) warm in one.
   */
  private static final int TINY_WARM_ROUNDS = 6;
  private static final int SKEW_SLOWDOWN = 4;
  /** Rounds of sequential calls: one round's p50 moves with the machine's load. */
  private static final int LATENCY_ROUNDS = 3;

  private final Path home;
  private final BenchCluster cluster;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> details = new ArrayList<>();

  private Bench(Path home, BenchCluster cluster) {
    this.home = home;
    this.cluster = cluster;
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("taskbus.home", ".")).toAbsolutePath().normalize();
    Path out = args.length > 0 ? Path.of(args[0]) : home.resolve("bench/RESULTS.md");
    Path dir = Files.createTempDirectory("taskbus-bench");
    long start = System.nanoTime();
    try (BenchCluster cluster = new BenchCluster(home, dir)) {
      Bench bench = new Bench(home, cluster);
      bench.mainPhase();
      bench.dispatchPhase();
      bench.skewPhase();
      bench.cliPhase(dir);
      String report = bench.report((System.nanoTime() - start) / 1e9);
      System.out.println(report);
      Files.writeString(out, report);
      System.out.println("written to " + out);
    }
    System.exit(0);
  }

  private static double cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Two workers of one slot per core: tiny items, CPU-bound, latency, sharing. */
  private void mainPhase() throws Exception {
    cluster.startWorkers(w -> w.put("poolSize", (int) cores()),
        w -> w.put("poolSize", (int) cores()));
    TaskbusConf conf = cluster.clientConf();
    Vertx vertx = conf.joinCluster(false).await(120, TimeUnit.SECONDS);
    try {
      TaskPool pool = connect(vertx, conf, 2);
      HazelcastInstance hazelcast = ((HazelcastClusterManager) ((VertxInternal) vertx)
          .clusterManager()).getHazelcastInstance();
      tinyItems(vertx, new TinyItems(vertx, pool, hazelcast, home));
      cpuBound(vertx, pool);
      latency(vertx, pool);
      pool.terminate().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    sharing();
    cluster.stopWorkers();
  }

  private static TaskPool connect(Vertx vertx, TaskbusConf conf, int workers) throws Exception {
    TaskPool pool = TaskPool.connect(vertx, conf.poolOptions()).await(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (pool.workers().await(10, TimeUnit.SECONDS).stream()
        .filter(w -> !w.leaving()).map(w -> w.node()).distinct().count() < workers) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the workers did not all announce themselves");
      }
      Thread.sleep(50); // polling the pool's view: there is no event to wait on
    }
    return pool;
  }

  /** The contenders run round by round, so each ratio pairs runs made under the same load. */
  private void tinyItems(Vertx vertx, TinyItems tiny) throws Exception {
    LocalTaskPool local = TaskPool.local(vertx, new PoolOptions(), 2);
    ForkJoinPool forkJoin = new ForkJoinPool(2);
    boolean python = TinyItems.hasPython();
    List<Runs.Timed> contenders = new ArrayList<>(List.of(tiny.taskbus(), tiny.raw(),
        tiny.hazelcastPerItem(), tiny.hazelcastPerChunk(), tiny.forkJoin(forkJoin),
        tiny.local(local)));
    if (python) {
      contenders.add(tiny.python());
    }
    double[][] seconds;
    try {
      seconds = Runs.interleaved(TINY_WARM_ROUNDS, TINY_ROUNDS, contenders);
    } finally {
      local.terminate().await(30, TimeUnit.SECONDS);
      forkJoin.shutdown();
    }
    int n = TinyItems.ITEMS;
    double[] taskbus = record("tiny: taskbus map", TinyItems.rates(n, seconds[0]));
    double[] raw = record("tiny: raw event-bus loop", TinyItems.rates(n, seconds[1]));
    double[] hzItem = record("tiny: Hazelcast executor, task per item (" + TinyItems.HZ_ITEMS
        + " items)", TinyItems.rates(TinyItems.HZ_ITEMS, seconds[2]));
    double[] hzChunk = record("tiny: Hazelcast executor, task per chunk",
        TinyItems.rates(n, seconds[3]));
    double[] fj = record("tiny: ForkJoinPool(2), task per item", TinyItems.rates(n, seconds[4]));
    double[] loc = record("tiny: TaskPool.local(2)", TinyItems.rates(n, seconds[5]));
    String mine = rate(Runs.median(taskbus));
    tinyRow("tiny items vs raw event-bus loop", taskbus, raw, 1.0,
        "JSON chunks of 1,000, 8 in flight, same JVMs");
    if (python) {
      double[] py = record("tiny: Python multiprocessing.Pool(2).map",
          TinyItems.rates(n, seconds[6]));
      tinyRow("tiny items vs Python Pool(2).map", taskbus, py, 1.0, "one machine, no network");
    } else {
      rows.add(new Row("tiny items vs Python Pool(2).map", mine, "no python3 here", Double.NaN,
          Double.NaN, "skipped"));
    }
    tinyRow("tiny items vs Hazelcast executor, task per item", taskbus, hzItem, 50.0,
        "window of " + TinyItems.HZ_WINDOW);
    tinyRow("tiny items vs Hazelcast executor, task per chunk", taskbus, hzChunk, Double.NaN,
        "chunks of 1,000, Java-serialised");
    tinyRow("tiny items vs ForkJoinPool(2) in one JVM", taskbus, fj, Double.NaN,
        "the no-network limit");
    tinyRow("TaskPool.local(2) vs ForkJoinPool(2) submit-each", loc, fj, 1.0,
        "both in this JVM");
  }

  private void tinyRow(String scenario, double[] mine, double[] reference, double target,
      String note) {
    rows.add(new Row(scenario, rate(Runs.median(mine)), rate(Runs.median(reference)),
        Runs.pairedRatio(mine, reference), target, note));
  }

  private void cpuBound(Vertx vertx, TaskPool pool) throws Exception {
    MachineCpu before = MachineCpu.now();
    double[] walls = CpuBound.run(pool, 3);
    double used = MachineCpu.now().busyCoreSecondsSince(before);
    double wall = Runs.median(record("cpu: 64 x 50 ms of CPU", walls, "%.3f s"));
    double tasks = (walls.length + 1) * CpuBound.TASKS * CpuBound.CPU_MS / 1000.0;
    details.add(String.format("- cpu: over its %d runs (one warm), the machine's cores were busy"
        + " %.2f core-s; the tasks' own CPU was %.2f core-s, so %.2f core-s (%.0f%%) went to"
        + " other work (the pool, the JVMs' own threads, the OS)", walls.length + 1, used, tasks,
        used - tasks, 100 * (used - tasks) / used));
    double ideal = CpuBound.idealSeconds(cores());
    rows.add(new Row("CPU-bound: 64 tasks x 50 ms CPU", String.format("%.3f s", wall),
        String.format("%.3f s ideal", ideal), ideal / wall, 1 / 1.03,
        "ideal = total CPU / " + (int) cores() + " cores; target wall <= 1.03x ideal"));
    // what this machine gives the same work with no network and no pool at all, right now
    LocalTaskPool local = TaskPool.local(vertx, new PoolOptions(), (int) cores());
    try {
      double alone = Runs.median(record("cpu: the same in this JVM, local pool, one item a chunk",
          CpuBound.run(local, 3), "%.3f s"));
      rows.add(new Row("CPU-bound against the same work in one JVM", String.format("%.3f s",
          wall), String.format("%.3f s local", alone), alone / wall, Double.NaN,
          "the machine's own overhead: no network, " + (int) cores() + " threads"));
    } finally {
      local.terminate().await(30, TimeUnit.SECONDS);
    }
  }

  /** Rounds of sequential calls, apply and raw in turn; each ratio pairs one round's. */
  private void latency(Vertx vertx, TaskPool pool) throws Exception {
    double[][] p50 = new double[2][LATENCY_ROUNDS];
    double[][] p99 = new double[2][LATENCY_ROUNDS];
    for (int r = 0; r < LATENCY_ROUNDS; r++) {
      long[][] both = Latency.applyAndRaw(pool, vertx, r == 0 ? Latency.WARM : 0);
      for (int k = 0; k < 2; k++) {
        p50[k][r] = Runs.percentileMicros(both[k], 50);
        p99[k][r] = Runs.percentileMicros(both[k], 99);
      }
      details.add(String.format("- latency, round %d: apply p50 %.0f us, p99 %.0f us; raw"
          + " request/reply p50 %.0f us, p99 %.0f us (%,d sequential calls each, in turn%s)",
          r + 1, p50[0][r], p99[0][r], p50[1][r], p99[1][r], Latency.CALLS,
          r == 0 ? String.format(", after %,d warm", Latency.WARM) : ""));
    }
    rows.add(new Row("latency: apply p50", String.format("%.0f us", Runs.median(p50[0])),
        String.format("%.0f us raw", Runs.median(p50[1])), Runs.pairedRatio(p50[1], p50[0]),
        1 / 1.3, "target p50 <= 1.3x raw"));
    rows.add(new Row("latency: apply p99", String.format("%.0f us", Runs.median(p99[0])),
        String.format("%.0f us raw", Runs.median(p99[1])), Runs.pairedRatio(p99[1], p99[0]),
        1 / 3.0, "target p99 <= 3x raw"));
  }

  /** One client JVM alone, then four at once, in turn: each ratio pairs runs of one round. */
  private void sharing() throws Exception {
    Sharing sharing = new Sharing(cluster);
    double[] alone = new double[SHARING_ROUNDS];
    double[] together = new double[SHARING_ROUNDS];
    List<Double> lows = new ArrayList<>();
    List<Double> highs = new ArrayList<>();
    int retries = 0;
    for (int r = 0; r < SHARING_ROUNDS; r++) {
      Sharing.Outcome one = sharing.run(1, "alone-" + r);
      Sharing.Outcome four = sharing.run(4, "four-" + r);
      alone[r] = one.itemsPerSecond();
      together[r] = four.itemsPerSecond();
      double mean = four.rates().stream().mapToDouble(Double::doubleValue).average().orElse(0);
      lows.add(Collections.min(four.rates()) / mean);
      highs.add(Collections.max(four.rates()) / mean);
      retries += one.retries() + four.retries();
      details.add(String.format("- sharing, round %d: one client alone %s; four at once %s in"
          + " all, each %s (its cores %s); cores busy in the %d-ms window: alone %.2f (client %.2f), four %.2f"
          + " (clients %.2f); machine CPU per item: alone %.0f ns, four %.0f ns", r + 1,
          rate(one.itemsPerSecond()), rate(four.itemsPerSecond()),
          four.rates().stream().map(Bench::rate).toList(),
          four.clientCores().stream().map(c -> String.format("%.2f", c)).toList(),
          Sharing.WINDOW_MS, one.machineCpu(),
          one.clientCpu(), four.machineCpu(), four.clientCpu(),
          one.machineCpu() / one.itemsPerSecond() * 1e9,
          four.machineCpu() / four.itemsPerSecond() * 1e9));
    }
    double low = Collections.min(lows);
    double high = Collections.max(highs);
    rows.add(new Row("sharing: 4 client JVMs, aggregate", rate(Runs.median(together)),
        rate(Runs.median(alone)) + " alone", Runs.pairedRatio(together, alone), 0.9,
        "retries: " + retries + " (must be 0); all JVMs on the same cores"));
    rows.add(new Row("sharing: each client's share (lowest)", String.format("%.2f of fair",
        low), String.format("highest %.2f", high), Math.min(low, 2 - high), 0.8,
        "within 20% of the fair share"));
    if (retries != 0) {
      throw new IllegalStateException("chunks were retried while sharing: " + retries);
    }
  }

  /** Many worker verticles and work that is nothing: how fast one pool dispatches. */
  private void dispatchPhase() throws Exception {
    cluster.startWorkers(w -> w.put("instances", 8).put("poolSize", 1),
        w -> w.put("instances", 8).put("poolSize", 1));
    TaskbusConf conf = cluster.clientConf();
    Vertx vertx = conf.joinCluster(false).await(120, TimeUnit.SECONDS);
    try {
      TaskPool pool = connect(vertx, conf, 2);
      List<Integer> items = java.util.stream.IntStream.range(0, DISPATCH_CHUNKS).boxed()
          .toList();
      double[] seconds = Runs.seconds(DISPATCH_WARM_RUNS, 3, () -> {
        MapResult<Number> result = pool.mapAsync("echo", items, 1);
        List<Number> echoed = result.get(10, TimeUnit.MINUTES);
        for (int i = 0; i < items.size(); i++) {
          if (echoed.get(i).intValue() != i) {
            throw new IllegalStateException("echo of " + i + " gave " + echoed.get(i));
          }
        }
      });
      double[] rates = new double[seconds.length];
      for (int i = 0; i < seconds.length; i++) {
        rates[i] = DISPATCH_CHUNKS / seconds[i];
      }
      double rate = Runs.median(record("dispatch: chunks of one echo", rates,
          "%,.0f chunks/s"));
      rows.add(new Row("dispatch: chunks/s from one pool", String.format("%,.0f", rate),
          "20,000 (target)", rate / 20_000, 1.0,
          "2 worker JVMs x 8 worker verticles, chunks of 1 item"));
      pool.terminate().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    cluster.stopWorkers();
  }

  /** The CPU-bound job with one of two one-slot workers slowed down. */
  private void skewPhase() throws Exception {
    cluster.startWorkers(w -> w.put("poolSize", 1),
        w -> w.put("poolSize", 1).put("slowdown", SKEW_SLOWDOWN));
    TaskbusConf conf = cluster.clientConf();
    Vertx vertx = conf.joinCluster(false).await(120, TimeUnit.SECONDS);
    try {
      TaskPool pool = connect(vertx, conf, 2);
      double wall = Runs.median(record("skew: 64 x 50 ms, one worker " + SKEW_SLOWDOWN
          + "x slower", CpuBound.run(pool, 3), "%.3f s"));
      double speed = 1 + 1.0 / SKEW_SLOWDOWN;
      double ideal = CpuBound.TASKS * CpuBound.CPU_MS / 1000.0 / speed;
      rows.add(new Row("skew: one of two workers " + SKEW_SLOWDOWN + "x slower",
          String.format("%.3f s", wall), String.format("%.3f s ideal", ideal), ideal / wall,
          1 / 1.25, "capacity-weighted ideal; target wall <= 1.25x ideal"));
      pool.terminate().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    cluster.stopWorkers();
  }

  /** One-shot CLI commands: through a gateway, joining the cluster, and Python's. */
  private void cliPhase(Path dir) throws Exception {
    int port = ClusterNodes.freeLoopbackPorts(1);
    cluster.startNodes(List.of(conf -> conf.put("gateway", new JsonObject()
        .put("port", port).put("host", "127.0.0.1"))));
    boolean python = TinyItems.hasPython();
    double[][] seconds = new CliLatency(home, dir, cluster.clientConf().json(), port)
        .run(python);
    double gateway = Runs.median(record("cli: apply add 1 2 through a gateway", seconds[0],
        "%.3f s"));
    double joining = Runs.median(record("cli: apply add 1 2 joining the cluster", seconds[1],
        "%.3f s"));
    rows.add(new Row("CLI: apply add 1 2 through a gateway", String.format("%.3f s", gateway),
        "0.5 s (target)", 0.5 / gateway, 1.0, "process start to printed result; AppCDS"));
    rows.add(new Row("CLI through a gateway vs joining the cluster",
        String.format("%.3f s", gateway), String.format("%.3f s", joining), joining / gateway,
        Double.NaN, "the same command, the same conf but for its gateway"));
    if (python) {
      double py = Runs.median(record("cli: python3 Pool(2).apply(add, (1, 2))", seconds[2],
          "%.3f s"));
      rows.add(new Row("CLI through a gateway vs Python Pool(2).apply",
          String.format("%.3f s", gateway), String.format("%.3f s", py), py / gateway,
          Double.NaN, "python3 -c, from process start: no network, no login"));
    }
    cluster.stopWorkers();
  }

  private double[] record(String what, double[] rates) {
    return record(what, rates, "%,.0f items/s");
  }

  private double[] record(String what, double[] runs, String format) {
    details.add("- " + what + ": " + Runs.list(runs, format) + " (median "
        + String.format(format, Runs.median(runs)) + ")");
    return runs;
  }

  private static String rate(double itemsPerSecond) {
    return String.format("%,.0f items/s", itemsPerSecond);
  }

  private String report(double seconds) {
    StringBuilder out = new StringBuilder();
    out.append("# taskbus benchmark results\n\n");
    out.append("Written by `make bench` (`bench/bench.sh`, main class `io.taskbus.bench.Bench`)"
        + " on ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append(", in ").append(String.format("%.0f s", seconds)).append(".\n\n");
    out.append("Machine: ").append((int) cores()).append(" cores, ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(", Java ").append(System.getProperty("java.version")).append(", max heap ")
        .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB. Worker JVMs and clients on"
        + " loopback, on the same cores.\n\n");
    out.append("Tiny items: " + TINY_WARM_ROUNDS + " unmeasured rounds, then " + TINY_ROUNDS
        + " rounds of one"
        + " run each (each on a freshly collected heap); a figure is the median over the rounds,"
        + " a ratio the median of the round-by-round ratios (runs made under the same load)."
        + " Latency: " + LATENCY_ROUNDS + " rounds of " + Latency.CALLS + " calls of each kind in"
        + " turn, paired the same way; sharing: " + SHARING_ROUNDS + " rounds of one client"
        + " alone then four, each counted over a common " + Sharing.WINDOW_MS + "-ms window"
        + " (each client's heap fixed and touched at start: "
        + String.join(" ", Sharing.CLIENT_HEAP) + ")."
        + " CLI: one unmeasured run of each command (the gateway CLI's makes its class-data"
        + " archive), then " + CliLatency.RUNS + " rounds of each in turn, their medians."
        + " Other rows: the median of 3 runs after a warm one, against a reference measured in"
        + " the same run. Above 1 the ratio favours taskbus. Every result was checked item by"
        + " item (for tiny items after the clock stopped, as Python's reference checks its own)."
        + "\n\n");
    out.append("| scenario | taskbus | reference | ratio | target | note |\n");
    out.append("| --- | --- | --- | --- | --- | --- |\n");
    rows.forEach(r -> out.append(r.markdown()).append('\n'));
    out.append("\n## Runs\n\n");
    details.forEach(d -> out.append(d).append('\n'));
    long missed = rows.stream().filter(r -> !r.met()).count();
    out.append("\n").append(rows.size() - missed).append(" of ").append(rows.size())
        .append(" rows meet their target (rows without one count as met).\n");
    return out.toString();
  }
}
