package io.taskbus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU use between two moments, from /proc/stat: says whether a run was
 * bound by the machine and how much of it went to other work than the tasks.
 */
record MachineCpu(long busy, long total, long nanos) {

  private static final Path STAT = Path.of("/proc/stat");

  /** Now; zeros where there is no /proc/stat. */
  static MachineCpu now() {
    long nanos = System.nanoTime();
    try {
      String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new MachineCpu(total - idle, total, nanos);
    } catch (IOException | RuntimeException e) {
      return new MachineCpu(0, 0, nanos);
    }
  }

  /** Cores busy on average since {@code earlier}; NaN where unknown. */
  double busyCoresSince(MachineCpu earlier) {
    long all = total - earlier.total;
    return all <= 0 ? Double.NaN
        : (double) (busy - earlier.busy) / all * Runtime.getRuntime().availableProcessors();
  }

  /** Core-seconds of CPU used machine-wide since {@code earlier}. */
  double busyCoreSecondsSince(MachineCpu earlier) {
    return busyCoresSince(earlier) * (nanos - earlier.nanos) / 1e9;
  }
}
