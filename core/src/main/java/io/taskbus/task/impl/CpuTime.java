package io.taskbus.task.impl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.BooleanSupplier;

/** The calling thread's CPU time, and spinning on it. */
public final class CpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuTime() {
  }

  /** The calling thread's CPU time in nanoseconds (its wall time where that is not measured). */
  public static long threadNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime()
        : System.nanoTime();
  }

  /**
   * Spins until this thread has used {@code nanos} more CPU time, or {@code stop} says so;
   * returns the spins made. Counting CPU time, not wall time, makes the work the same however
   * many threads share the cores.
   */
  public static long spin(long nanos, BooleanSupplier stop) {
    long end = threadNanos() + nanos;
    long spins = 0;
    while (true) {
      for (int i = 0; i < 1_000; i++) {
        spins++;
      }
      if ((spins & 0xFFFF) < 1_000 && (threadNanos() >= end || stop.getAsBoolean())) {
        return spins;
      }
    }
  }
}
