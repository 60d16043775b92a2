package io.taskbus.testing;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A client JVM that maps {@code double} over 0..n-1 pulled lazily from an iterator, checks every
 * result, and prints its wall time and peak heap. Run it with a small -Xmx to show that the
 * input is never held whole: {@code BigMapClient CONF N}. Exits 0 when every result is right.
 */
public final class BigMapClient {

  private BigMapClient() {
  }

  public static void main(String[] args) throws Exception {
    TaskbusConf conf = TaskbusConf.load(Path.of(args[0]));
    int n = Integer.parseInt(args[1]);
    HeapSampler heap = HeapSampler.start();
    Vertx vertx = conf.joinCluster(false).await(60, TimeUnit.SECONDS);
    int wrong = 0;
    try {
      TaskPool pool = TaskPool.connect(vertx, conf.poolOptions()).await(60, TimeUnit.SECONDS);
      long start = System.nanoTime();
      Iterator<Integer> items = IntStream.range(0, n).iterator();
      MapResult<Number> result = pool.mapAsync("double", items, 1_000);
      List<Number> doubled = result.get(30, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      for (int i = 0; i < n; i++) {
        if (doubled.get(i).longValue() != 2L * i) {
          wrong++;
        }
      }
      System.out.printf("bigmap: %,d items in %.1f s (%.0f items/s), %d wrong, %d chunks"
          + " re-sent, peak heap used %d MiB (sampled every 20 ms) of max %d MiB%n", n, seconds,
          n / seconds, wrong, result.retriedChunks(), heap.peakMiB(),
          Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    System.exit(wrong == 0 ? 0 : 1);
  }

  /** The most heap in use at any of its samples. */
  private static final class HeapSampler {
    private volatile long peak;

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      Thread thread = new Thread(() -> {
        while (true) {
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          sampler.peak = Math.max(sampler.peak, used);
          try {
            Thread.sleep(20); // a sampling period, not a synchronisation
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
      return sampler;
    }

    long peakMiB() {
      return peak >> 20;
    }
  }
}
