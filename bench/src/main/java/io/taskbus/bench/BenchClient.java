package io.taskbus.bench;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A client JVM of the sharing scenario: {@code BenchClient CONF} logs in, warms up (its JIT and
 * the workers'), prints {@code ready}, then reads {@code go START END} (epoch ms) on stdin. It
 * runs the tiny-items job back to back from START, counts the items done by END (those of the
 * jobs finished by then and those of the job running then), lets that job finish, checks every
 * result and prints one JSON line: items in the window, window length, retries. A common window
 * makes each client's count comparable: no client is measured while others have stopped.
 */
public final class BenchClient {

  /**
   * Runs before timing: a fresh JVM is only fast once the JIT has compiled its path, and four
   * of them warm at once on the same cores (with 5, one client now and then still ran at half
   * the others' rate, using more CPU per item).
   */
  static final int WARM_RUNS = 15;

  private BenchClient() {
  }

  public static void main(String[] args) throws Exception {
    TaskbusConf conf = TaskbusConf.load(Path.of(args[0]));
    Vertx vertx = conf.joinCluster(false).await(120, TimeUnit.SECONDS);
    int status = 1;
    try {
      TaskPool pool = TaskPool.connect(vertx, conf.poolOptions()).await(60, TimeUnit.SECONDS);
      List<Integer> items = IntStream.range(0, TinyItems.ITEMS).boxed().toList();
      for (int i = 0; i < WARM_RUNS; i++) {
        run(pool, pool.mapAsync("double", items), items);
      }
      // an unmeasured window first: its own code (a timer, the CPU clock's management beans)
      // loads classes whose first load can throw compiled code back to the interpreter
      long now = System.currentTimeMillis();
      window(vertx, pool, items, now, now + 1_000);
      System.out.println("ready");
      String[] go = new BufferedReader(new InputStreamReader(System.in)).readLine().split(" ");
      long start = Long.parseLong(go[1]);
      long end = Long.parseLong(go[2]);
      System.out.println(window(vertx, pool, items, start, end).encode());
      status = 0;
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    System.exit(status);
  }

  private static JsonObject window(Vertx vertx, TaskPool pool, List<Integer> items, long start,
      long end) throws Exception {
    Tally tally = new Tally();
    CompletableFuture<Long> atEnd = new CompletableFuture<>();
    Thread.sleep(Math.max(0, start - System.currentTimeMillis())); // until the common start
    long cpuAtStart = processCpuNanos();
    long[] cpuInWindow = new long[1];
    vertx.setTimer(Math.max(1, end - System.currentTimeMillis()), t -> {
      cpuInWindow[0] = processCpuNanos() - cpuAtStart;
      atEnd.complete(tally.now());
    });
    int retries = 0;
    while (!atEnd.isDone()) {
      MapResult<Number> job = pool.mapAsync("double", items);
      tally.running(job);
      retries += run(pool, job, items);
      tally.finished(items.size());
    }
    return new JsonObject().put("items", atEnd.get()).put("ms", end - start)
        .put("retries", retries).put("cpuMs", cpuInWindow[0] / 1_000_000);
  }

  /** This JVM's CPU time so far, all its threads. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Items done so far: a job moves from running to finished in one step, never counted twice. */
  private static final class Tally {
    private long finished;
    private MapResult<Number> running;

    synchronized void running(MapResult<Number> job) {
      running = job;
    }

    synchronized void finished(int items) {
      finished += items;
      running = null;
    }

    synchronized long now() {
      return finished + (running == null ? 0 : running.completedItems());
    }
  }

  private static int run(TaskPool pool, MapResult<Number> job, List<Integer> items)
      throws Exception {
    TinyItems.checkDoubled(job.get(10, TimeUnit.MINUTES), items.size());
    return job.retriedChunks();
  }
}
