package io.taskbus.bench;

import io.taskbus.client.TaskPool;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tasks that each spin a CPU for a while ({@code burn} counts the thread's CPU time, so more
 * slots than cores cannot make them look cheaper): wall time against the ideal.
 */
final class CpuBound {

  static final int TASKS = 64;
  static final int CPU_MS = 50;

  private CpuBound() {
  }

  /** Seconds of each measured run of {@value #TASKS} tasks of {@value #CPU_MS} ms of CPU. */
  static double[] run(TaskPool pool, int runs) throws Exception {
    List<Integer> work = Collections.nCopies(TASKS, CPU_MS);
    return Runs.seconds(1, runs, () -> {
      List<Number> spins = pool.<Number>mapAsync("burn", work).get(10, TimeUnit.MINUTES);
      if (spins.size() != TASKS || spins.stream().anyMatch(s -> s.longValue() <= 0)) {
        throw new IllegalStateException("burn gave " + spins);
      }
    });
  }

  /** The ideal wall time: all the tasks' CPU time spread over {@code cores}. */
  static double idealSeconds(double cores) {
    return TASKS * CPU_MS / 1000.0 / cores;
  }
}
