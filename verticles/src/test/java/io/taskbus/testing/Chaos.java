package io.taskbus.testing;

import static org.awaitility.Awaitility.await;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code make chaos}: three worker JVMs, and while a long job runs, random kill -9s of them, each
 * followed by a fresh worker in its place. At the end the result list is checked item by item.
 * Prints what it did and the verdict; exits 0 on PASS.
 * Usage: {@code Chaos [ITEMS] [KILLS] [SEED]}.
 */
public final class Chaos {

  /** What a chaos run did and found. */
  public record Report(int items, int kills, int restarts, int resent, int wrong, double seconds) {
    public boolean passed() {
      return wrong == 0;
    }
  }

  private static final int MICROS_PER_ITEM = 40;
  private static final int CHUNK = 500;
  /** The longest the job may take, kills and restarts included. */
  private static final Duration JOB_LIMIT = Duration.ofMinutes(10);

  private final ProcessCluster cluster;
  private final Random random;
  private final PrintStream out;
  private final List<String> live = new ArrayList<>();
  private int started;

  private Chaos(ProcessCluster cluster, long seed, PrintStream out) {
    this.cluster = cluster;
    this.random = new Random(seed);
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
    int kills = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
    Path dir = Files.createTempDirectory("taskbus-chaos");
    Report report;
    try (ProcessCluster cluster = new ProcessCluster(dir, 1)) {
      report = run(cluster, items, kills, seed, System.out);
    }
    System.exit(report.passed() ? 0 : 1);
  }

  /** Runs a job of {@code items} through three workers while killing {@code kills} of them. */
  public static Report run(ProcessCluster cluster, int items, int kills, long seed,
      PrintStream out) throws Exception {
    return new Chaos(cluster, seed, out).run(items, kills, seed);
  }

  private Report run(int items, int kills, long seed) throws Exception {
    out.printf("chaos: %,d items of %d us on 3 worker JVMs, %d kill -9s, seed %d%n",
        items, MICROS_PER_ITEM, kills, seed);
    for (int i = 0; i < 3; i++) {
      startWorker();
    }
    Vertx client = cluster.clientConf().joinCluster(false).await(60, TimeUnit.SECONDS);
    try {
      TaskPool pool = TaskPool.connect(client, cluster.clientConf().poolOptions())
          .await(60, TimeUnit.SECONDS);
      long start = System.nanoTime();
      MapResult<Number> result = pool.starmapAsync("slowdouble", args(items), CHUNK);
      int done = 0;
      int restarts = 0;
      for (int k = 0; k < kills && !result.isDone(); k++) {
        // each kill comes at a random point of its share of the job, so the job outlives it
        long share = items / (kills + 1L);
        long at = share * (k + 1) - share / 2 + (long) (random.nextDouble() * share);
        await().atMost(JOB_LIMIT).pollInterval(Duration.ofMillis(20))
            .until(() -> result.completedItems() >= at || result.isDone());
        List<String> up = new ArrayList<>();
        for (String name : live) {
          if (cluster.isUp(name)) {
            up.add(name);
          }
        }
        if (result.isDone() || up.size() < 2) {
          continue; // never the last worker standing: the job would only wait for a new one
        }
        String victim = up.get(random.nextInt(up.size()));
        live.remove(victim);
        cluster.startedWorker(victim).destroyForcibly();
        done++;
        out.printf("  t=%4.1fs kill -9 %s at %,d/%,d items%n", seconds(start), victim,
            result.completedItems(), items);
        String fresh = launchWorker();
        restarts++;
        out.printf("  t=%4.1fs starting %s in its place%n", seconds(start), fresh);
      }
      List<Number> results = result.get(JOB_LIMIT.toMinutes(), TimeUnit.MINUTES);
      double seconds = seconds(start);
      int wrong = 0;
      for (int i = 0; i < items; i++) {
        if (results.get(i) == null || results.get(i).longValue() != 2L * i) {
          wrong++;
        }
      }
      Report report = new Report(items, done, restarts, result.retriedChunks(), wrong, seconds);
      out.printf("chaos: %,d results checked in %.1f s; %d kills, %d restarts, %d chunks re-sent;"
          + " %d wrong -> %s%n", items, seconds, done, restarts, report.resent(), wrong,
          report.passed() ? "PASS" : "FAIL");
      return report;
    } finally {
      client.close().await(60, TimeUnit.SECONDS);
    }
  }

  private void startWorker() throws Exception {
    String name = "chaos-worker-" + (++started);
    cluster.startWorker(name);
    live.add(name);
  }

  private String launchWorker() throws Exception {
    String name = "chaos-worker-" + (++started);
    cluster.launchWorker(name);
    live.add(name);
    return name;
  }

  private static List<List<?>> args(int items) {
    List<List<?>> args = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      args.add(List.of(i, MICROS_PER_ITEM));
    }
    return args;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
