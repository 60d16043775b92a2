package io.taskbus.cli;

import io.taskbus.client.MapResult;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.taskbus.node.NodeVerticle;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Start an embedded node, run the multiprocessing.Pool"
    + " examples and a Monte Carlo estimate of pi, with progress and throughput.")
final class DemoCommand implements Callable<Integer> {

  private static final long TIMEOUT_S = 120;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--items", description = "pi items (default ${DEFAULT-VALUE})")
  int items = 400;

  @Option(names = "--samples", description = "samples per pi item (default ${DEFAULT-VALUE})")
  long samples = 5_000_000;

  @Option(names = "--chunk-size", description = "pi items per chunk (default ${DEFAULT-VALUE})")
  int chunkSize = 4;

  @Option(names = "--dashboard-port", paramLabel = "N", description = "serve the dashboard on"
      + " 127.0.0.1:N while the demo runs (default ${DEFAULT-VALUE}; 0 picks a free port, -1"
      + " serves none)")
  int dashboardPort = DashboardCommand.DEFAULT_PORT;

  @Option(names = "--stay", description = "keep the node and its dashboard up after the"
      + " examples, until Ctrl-C")
  boolean stay;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    TaskbusConf node = common.load("worker.json");
    PoolOptions options = TaskbusConf.load(node.resolve("client.json"))
        .poolOptions(common.user);
    NodeVerticle.checkBeforeJoining(node);
    Vertx vertx = NodeVerticle.joinCluster(node).await(TIMEOUT_S, TimeUnit.SECONDS);
    try {
      vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions()
          .setConfig(WorkerCommand.nodeConfig(node, null))).await(TIMEOUT_S, TimeUnit.SECONDS);
      TaskPool pool = TaskPool.connect(vertx, options).await(TIMEOUT_S, TimeUnit.SECONDS);
      out.println("taskbus demo: an embedded worker node joined cluster on 127.0.0.1, logged in"
          + " as " + options.getUsername());
      serveDashboard(vertx, node);
      runExamples(pool);
      describeWorkers(pool);
      runPi(pool);
      out.println();
      out.println("More capacity: start another worker in a second terminal with");
      out.println("    bin/taskbus worker");
      out.println("and run 'make run' again: the pool sends it chunks too.");
      if (stay) {
        out.println();
        out.println("The node and its dashboard stay up: Ctrl-C to stop.");
        new java.util.concurrent.CountDownLatch(1).await();
      }
      return ExitCodes.OK;
    } finally {
      vertx.close().await(TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /** The dashboard on this node, if its port is free: the demo runs on without it. */
  private void serveDashboard(Vertx vertx, TaskbusConf node) {
    if (dashboardPort < 0) {
      return;
    }
    try {
      io.vertx.core.http.HttpServer server = DashboardCommand.serve(vertx,
          WorkerCommand.nodeConfig(node, null), "127.0.0.1", dashboardPort);
      out.println("dashboard: " + DashboardCommand.url("127.0.0.1", server.actualPort())
          + "  (log in as alice / alice-demo-password; --stay keeps it up after the demo)");
    } catch (Exception e) {
      out.println("dashboard: not served (" + e.getMessage() + "); try --dashboard-port 0");
    }
  }

  private void runExamples(TaskPool pool) throws Exception {
    out.println();
    out.println("Python multiprocessing.Pool                taskbus TaskPool");
    example("pool.map(double, [1, 2, 3])", "pool.map(\"double\", List.of(1, 2, 3))",
        pool.map("double", List.of(1, 2, 3)));
    example("pool.starmap(mul, [(1,4), (2,5), (3,6)])",
        "pool.starmap(\"mul\", List.of(List.of(1, 4), ...))",
        pool.starmap("mul", List.of(List.of(1, 4), List.of(2, 5), List.of(3, 6))));
    example("pool.apply(mul, (2, 9))", "pool.apply(\"mul\", 2, 9)", pool.apply("mul", 2, 9));
  }

  private void example(String python, String java, Object result) {
    out.printf("%-42s %s%n%-42s   -> %s%n", python, java, "", TerminalText.json(result));
  }

  private void runPi(TaskPool pool) throws Exception {
    List<List<?>> args = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      args.add(List.of(samples, i));
    }
    out.println();
    out.printf(Locale.ROOT, "pi: %d items of %,d samples each, %d per chunk%n", items, samples,
        chunkSize);
    long start = System.nanoTime();
    MapResult<Number> result = pool.starmapAsync("pi", args, chunkSize);
    List<Number> hits = awaitWithProgress(result, pool, start);
    double seconds = (System.nanoTime() - start) / 1e9;
    long total = hits.stream().mapToLong(Number::longValue).sum();
    double estimate = 4.0 * total / (samples * (double) items);
    out.printf(Locale.ROOT, "pi ~ %.6f (error %.1e) from %,d samples in %.2f s: %.1f M samples/s,"
        + " %.0f items/s%n", estimate, Math.abs(estimate - Math.PI), samples * items, seconds,
        samples * items / seconds / 1e6, items / seconds);
  }

  private List<Number> awaitWithProgress(MapResult<Number> result, TaskPool pool, long start)
      throws Exception {
    boolean terminal = System.console() != null;
    long lastLine = 0;
    while (true) {
      try {
        List<Number> hits = result.get(250, TimeUnit.MILLISECONDS);
        progress(result, pool, start, terminal);
        if (terminal) {
          out.println();
        }
        return hits;
      } catch (TimeoutException notYet) {
        long now = System.nanoTime();
        if (terminal || now - lastLine > TimeUnit.SECONDS.toNanos(1)) {
          progress(result, pool, start, terminal);
          lastLine = now;
        }
      }
    }
  }

  private void progress(MapResult<Number> result, TaskPool pool, long start, boolean terminal)
      throws Exception {
    List<WorkerInfo> workers = pool.workers().await(1, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    String line = String.format(Locale.ROOT, "  %d/%d items, %.1f M samples/s, %d node(s),"
            + " %d slots, %.1f s", result.completedItems(), result.totalItems(),
        result.completedItems() * samples / Math.max(seconds, 1e-9) / 1e6,
        workers.stream().map(WorkerInfo::node).distinct().count(),
        workers.stream().mapToInt(WorkerInfo::slots).sum(), seconds);
    out.print(terminal ? "\r" + line : line + System.lineSeparator());
    out.flush();
  }

  private void describeWorkers(TaskPool pool) throws Exception {
    List<WorkerInfo> workers = pool.workers().await(1, TimeUnit.SECONDS);
    out.println();
    out.printf("workers: %d node(s), %d slots%n",
        workers.stream().map(WorkerInfo::node).distinct().count(),
        workers.stream().mapToInt(WorkerInfo::slots).sum());
  }
}
