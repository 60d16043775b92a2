package io.taskbus.bench;

import com.hazelcast.cluster.memberselector.MemberSelectors;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.taskbus.client.LocalTaskPool;
import io.taskbus.client.TaskPool;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * {@code double} over many ints across the worker JVMs: taskbus against what a user could use
 * instead, each timed in the same run and each result checked item by item.
 */
final class TinyItems {

  static final int ITEMS = 1_000_000;
  /** Hazelcast's one-task-per-item executor is two orders slower: fewer items, same rate. */
  static final int HZ_ITEMS = 100_000;
  static final int RAW_CHUNK = 1_000;
  static final int RAW_IN_FLIGHT = 8;
  static final int HZ_WINDOW = 1_024;

  private final Vertx vertx;
  private final TaskPool pool;
  private final HazelcastInstance hazelcast;
  private final Path home;
  private final List<Integer> items = IntStream.range(0, ITEMS).boxed().toList();

  TinyItems(Vertx vertx, TaskPool pool, HazelcastInstance hazelcast, Path home) {
    this.vertx = vertx;
    this.pool = pool;
    this.hazelcast = hazelcast;
    this.home = home;
  }

  /** Items per second of each measured run. */
  static double[] rates(int items, double[] seconds) {
    double[] out = new double[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      out[i] = items / seconds[i];
    }
    return out;
  }

  /** taskbus: {@code mapAsync("double", 0..n-1).get()} on the cluster pool. */
  Runs.Timed taskbus() {
    return Runs.results(() -> pool.<Number>mapAsync("double", items).get(10, TimeUnit.MINUTES),
        ITEMS);
  }

  /** The embedded pool with 2 slots, in this JVM. */
  Runs.Timed local(LocalTaskPool local) {
    return Runs.results(() -> local.<Number>mapAsync("double", items)
        .get(10, TimeUnit.MINUTES), ITEMS);
  }

  /** Each item a task of its own on a 2-thread ForkJoinPool: the no-network limit. */
  Runs.Timed forkJoin(ForkJoinPool fj) {
    return Runs.results(() -> {
      List<java.util.concurrent.ForkJoinTask<Integer>> tasks = new ArrayList<>(ITEMS);
      for (int i = 0; i < ITEMS; i++) {
        int x = i;
        tasks.add(fj.submit(() -> 2 * x));
      }
      List<Number> out = new ArrayList<>(ITEMS);
      for (java.util.concurrent.ForkJoinTask<Integer> task : tasks) {
        out.add(task.join());
      }
      return out;
    }, ITEMS);
  }

  /** The hand-written loop: JSON chunks of 1,000, 8 requests in flight, round-robin. */
  Runs.Timed raw() {
    return Runs.results(() -> rawLoop().toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.MINUTES), ITEMS);
  }

  private Future<List<Number>> rawLoop() {
    Promise<List<Number>> done = Promise.promise();
    vertx.runOnContext(v -> {
      EventBus bus = vertx.eventBus();
      Number[] results = new Number[ITEMS];
      Deque<Integer> starts = new ArrayDeque<>();
      for (int first = 0; first < ITEMS; first += RAW_CHUNK) {
        starts.add(first);
      }
      int[] pending = {starts.size()};
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        Integer first = starts.poll();
        if (first == null) {
          return;
        }
        JsonArray chunk = new JsonArray(new ArrayList<>(RAW_CHUNK));
        for (int i = first; i < Math.min(ITEMS, first + RAW_CHUNK); i++) {
          chunk.add(i);
        }
        bus.<JsonArray>request(RawDoubler.ADDRESS, chunk).onComplete(ar -> {
          if (ar.failed()) {
            done.tryFail(ar.cause());
            return;
          }
          JsonArray out = ar.result().body();
          for (int i = 0; i < out.size(); i++) {
            results[first + i] = out.getLong(i);
          }
          if (--pending[0] == 0) {
            done.tryComplete(List.of(results));
          } else {
            next[0].run();
          }
        });
      };
      for (int i = 0; i < RAW_IN_FLIGHT; i++) {
        next[0].run();
      }
    });
    return done.future();
  }

  /** Hazelcast's executor, one task per item, at most {@value #HZ_WINDOW} outstanding. */
  Runs.Timed hazelcastPerItem() {
    IExecutorService executor = hazelcast.getExecutorService("bench");
    return Runs.results(() -> {
      List<Number> out = new ArrayList<>(HZ_ITEMS);
      Deque<java.util.concurrent.Future<Integer>> window = new ArrayDeque<>();
      for (int i = 0; i < HZ_ITEMS; i++) {
        window.add(executor.submit(new HzTasks.DoubleOne(i),
            MemberSelectors.DATA_MEMBER_SELECTOR));
        if (window.size() >= HZ_WINDOW) {
          out.add(window.poll().get(60, TimeUnit.SECONDS));
        }
      }
      while (!window.isEmpty()) {
        out.add(window.poll().get(60, TimeUnit.SECONDS));
      }
      return out;
    }, HZ_ITEMS);
  }

  /** Hazelcast's executor, one task per chunk of 1,000, all outstanding at once. */
  Runs.Timed hazelcastPerChunk() {
    IExecutorService executor = hazelcast.getExecutorService("bench");
    return Runs.results(() -> {
      List<java.util.concurrent.Future<int[]>> futures = new ArrayList<>();
      for (int first = 0; first < ITEMS; first += RAW_CHUNK) {
        int[] chunk = IntStream.range(first, Math.min(ITEMS, first + RAW_CHUNK)).toArray();
        futures.add(executor.submit(new HzTasks.DoubleChunk(chunk),
            MemberSelectors.DATA_MEMBER_SELECTOR));
      }
      List<Number> out = new ArrayList<>(ITEMS);
      for (java.util.concurrent.Future<int[]> future : futures) {
        for (int x : future.get(60, TimeUnit.SECONDS)) {
          out.add(x);
        }
      }
      return out;
    }, ITEMS);
  }

  /** True when there is a {@code python3} here to run the Python reference. */
  static boolean hasPython() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * {@code multiprocessing.Pool(2).map} over the same items in {@code python3}: a process per
   * run that warms its pool, then times one map and checks it.
   */
  Runs.Timed python() {
    return () -> {
      Process process = new ProcessBuilder("python3", home.resolve("bench/pool.py").toString(),
          Integer.toString(ITEMS), "1").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes()).strip();
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("bench/pool.py failed: " + out);
      }
      JsonObject result = new JsonObject(out.substring(out.lastIndexOf('{')));
      if (!result.getBoolean("correct", false)) {
        throw new IllegalStateException("Python's results were wrong: " + out);
      }
      return result.getJsonArray("seconds").getDouble(0);
    };
  }

  static void checkDoubled(List<? extends Number> results, int n) {
    if (results.size() != n) {
      throw new IllegalStateException(results.size() + " results for " + n + " items");
    }
    for (int i = 0; i < n; i++) {
      if (results.get(i).longValue() != 2L * i) {
        throw new IllegalStateException("item " + i + " is " + results.get(i));
      }
    }
  }
}
