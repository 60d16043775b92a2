package io.taskbus.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Timing: a warm-up, then measured runs, and their median. */
final class Runs {

  /** Something to time; it checks its own result and throws when it is wrong. */
  @FunctionalInterface
  interface Run {
    void run() throws Exception;
  }

  /** Something that times itself (another process, say) and returns its seconds. */
  @FunctionalInterface
  interface Timed {
    double seconds() throws Exception;
  }

  /** A run timed by the wall clock around it. */
  static Timed wall(Run run) {
    return () -> {
      long start = System.nanoTime();
      run.run();
      return (System.nanoTime() - start) / 1e9;
    };
  }

  /**
   * Times {@code produce} until its results are in hand; they are checked after the clock has
   * stopped, as Python's reference checks its own (every contender is timed the same way).
   */
  static Timed results(java.util.concurrent.Callable<List<? extends Number>> produce, int n) {
    return () -> {
      long start = System.nanoTime();
      List<? extends Number> results = produce.call();
      double seconds = (System.nanoTime() - start) / 1e9;
      TinyItems.checkDoubled(results, n);
      return seconds;
    };
  }

  private Runs() {
  }

  /** Seconds of each of {@code runs} runs of {@code run}, after {@code warm} unmeasured ones. */
  static double[] seconds(int warm, int runs, Run run) throws Exception {
    for (int i = 0; i < warm; i++) {
      run.run();
    }
    double[] out = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.run();
      out[i] = (System.nanoTime() - start) / 1e9;
    }
    return out;
  }

  /**
   * Interleaves the runs of several contenders: {@code warm} rounds unmeasured (the JIT's),
   * then {@code rounds} rounds
   * of one run each, so that a change in the machine's load touches them all alike. Returns
   * each contender's seconds per round, in the order given.
   */
  static double[][] interleaved(int warm, int rounds, List<Timed> contenders)
      throws Exception {
    for (int w = 0; w < warm; w++) {
      for (Timed run : contenders) {
        run.seconds();
      }
    }
    double[][] out = new double[contenders.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int c = 0; c < contenders.size(); c++) {
        // each run starts on a clean heap: a run of 25 ms that meets a young-GC pause of the
        // previous contender's garbage measures that pause, not itself (JMH offers the same)
        System.gc();
        out[c][r] = contenders.get(c).seconds();
      }
    }
    return out;
  }

  /** The median of the round-by-round ratios {@code a[r] / b[r]}: paired, so drift cancels. */
  static double pairedRatio(double[] a, double[] b) {
    double[] ratios = new double[a.length];
    for (int r = 0; r < a.length; r++) {
      ratios[r] = a[r] / b[r];
    }
    return median(ratios);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The {@code p}th percentile (0..100) of {@code nanos}, in microseconds. */
  static double percentileMicros(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
  }

  static String list(double[] values, String format) {
    List<String> out = new ArrayList<>();
    for (double v : values) {
      out.add(String.format(format, v));
    }
    return String.join(", ", out);
  }
}
