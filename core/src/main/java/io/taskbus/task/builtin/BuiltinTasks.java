package io.taskbus.task.builtin;

import io.taskbus.task.TaskContext;
import io.taskbus.task.TaskProvider;
import io.taskbus.task.TaskRegistry;
import io.taskbus.task.impl.CpuTime;
import io.vertx.core.json.JsonArray;
import java.util.SplittableRandom;

/**
 * The tasks every shipped worker serves (turn them off with {@code "builtinTasks": false}):
 * small arithmetic for examples, and tasks to exercise a pool (sleep, fail, burn, pi).
 */
public final class BuiltinTasks implements TaskProvider {

  /** The names this provider registers. */
  public static final java.util.List<String> NAMES =
      java.util.List.of("double", "mul", "add", "echo", "sleep", "fail", "burn", "pi");

  @Override
  public void register(TaskRegistry tasks) {
    tasks.register("double", Number.class, x -> Arithmetic.multiply(x, 2));
    tasks.register("mul", Number.class, Number.class, Arithmetic::multiply);
    tasks.register("add", Number.class, Number.class, Arithmetic::add);
    tasks.register("echo", (ctx, args) -> args.size() == 1 ? args.getValue(0) : args);
    tasks.register("sleep", Long.class, BuiltinTasks::sleep);
    tasks.register("fail", (ctx, args) -> {
      throw new IllegalStateException(args.isEmpty() ? "failed on request" : args.getString(0));
    });
    tasks.register("burn", BuiltinTasks::burn);
    tasks.register("pi", BuiltinTasks::piHits);
  }

  private static Number sleep(Long ms) throws InterruptedException {
    Thread.sleep(requireNonNegative(ms, "sleep"));
    return Arithmetic.narrow(ms);
  }

  /**
   * Spins a CPU for {@code ms} milliseconds of this thread's CPU time (not wall time, so that
   * more threads than cores cannot make it look cheaper); returns how many spins it made.
   */
  private static Object burn(TaskContext ctx, JsonArray args) {
    long ms = requireNonNegative(args.getLong(0), "burn");
    return Arithmetic.narrow(CpuTime.spin(ms * 1_000_000, ctx::cancelled));
  }

  /**
   * Counts how many of {@code samples} random points of the unit square fall in the quarter
   * circle: {@code 4 * hits / samples} estimates pi. The seed makes the count reproducible.
   */
  private static Object piHits(TaskContext ctx, JsonArray args) {
    long samples = requireNonNegative(args.getLong(0), "pi");
    SplittableRandom random = new SplittableRandom(args.size() > 1 ? args.getLong(1) : 0L);
    long hits = 0;
    for (long i = 0; i < samples; i++) {
      double x = random.nextDouble();
      double y = random.nextDouble();
      if (x * x + y * y <= 1.0) {
        hits++;
      }
      if ((i & 0xFFFFF) == 0 && ctx.cancelled()) {
        throw new IllegalStateException("cancelled");
      }
    }
    return Arithmetic.narrow(hits);
  }

  private static long requireNonNegative(Long value, String task) {
    if (value == null || value < 0) {
      throw new IllegalArgumentException(task + " needs a number >= 0, got " + value);
    }
    return value;
  }
}
