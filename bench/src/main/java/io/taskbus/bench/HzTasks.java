package io.taskbus.bench;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * The tasks of the Hazelcast {@code IExecutorService} reference. Hazelcast sends them with Java
 * serialisation, as its users do; taskbus itself never does.
 */
final class HzTasks {

  private HzTasks() {
  }

  /** One item: its double. */
  record DoubleOne(int x) implements Callable<Integer>, Serializable {
    @Override
    public Integer call() {
      return 2 * x;
    }
  }

  /** One chunk: each item doubled. */
  record DoubleChunk(int[] xs) implements Callable<int[]>, Serializable {
    @Override
    public int[] call() {
      int[] out = new int[xs.length];
      for (int i = 0; i < xs.length; i++) {
        out[i] = 2 * xs[i];
      }
      return out;
    }
  }
}
