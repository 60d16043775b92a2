package io.taskbus.bench;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A client JVM of the sharing scenario: {@code BenchClient CONF RUNS} logs in, warms up (its
 * JIT and the workers'), prints
 * {@code ready}, waits for {@code go} on stdin, runs the tiny-items job RUNS times (every
 * result checked) and prints one JSON line: its start and end (epoch ms), items and retries.
 */
public final class BenchClient {

  /** Runs before timing: a fresh JVM is only fast once the JIT has compiled its path. */
  static final int WARM_RUNS = 5;

  private BenchClient() {
  }

  public static void main(String[] args) throws Exception {
    TaskbusConf conf = TaskbusConf.load(Path.of(args[0]));
    int runs = Integer.parseInt(args[1]);
    Vertx vertx = conf.joinCluster(false).await(120, TimeUnit.SECONDS);
    int status = 1;
    try {
      TaskPool pool = TaskPool.connect(vertx, conf.poolOptions()).await(60, TimeUnit.SECONDS);
      List<Integer> items = IntStream.range(0, TinyItems.ITEMS).boxed().toList();
      for (int i = 0; i < WARM_RUNS; i++) {
        run(pool, items);
      }
      System.out.println("ready");
      new BufferedReader(new InputStreamReader(System.in)).readLine(); // "go"
      long start = System.currentTimeMillis();
      int retries = 0;
      for (int i = 0; i < runs; i++) {
        retries += run(pool, items);
      }
      long end = System.currentTimeMillis();
      System.out.println(new JsonObject().put("start", start).put("end", end)
          .put("items", (long) runs * items.size()).put("retries", retries).encode());
      status = 0;
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    System.exit(status);
  }

  private static int run(TaskPool pool, List<Integer> items) throws Exception {
    MapResult<Number> result = pool.mapAsync("double", items);
    TinyItems.checkDoubled(result.get(10, TimeUnit.MINUTES), items.size());
    return result.retriedChunks();
  }
}
