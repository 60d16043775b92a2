package io.taskbus.testing;

import io.taskbus.shared.SharedMap;
import io.taskbus.task.TaskContext;
import io.taskbus.task.TaskProvider;
import io.taskbus.task.TaskRegistry;
import io.vertx.core.json.JsonArray;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks that let in-JVM tests see inside the workers: how often a task really ran, and on
 * which worker.
 */
public final class ProbeTasks implements TaskProvider {

  /** Executions of {@code count}, across every worker of this JVM. */
  public static final AtomicInteger COUNT = new AtomicInteger();
  private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
  /** What {@code gatedwhoami} items wait for (at most 60 s); a test closes and opens it. */
  public static volatile java.util.concurrent.CountDownLatch gate =
      new java.util.concurrent.CountDownLatch(0);

  /** An exception the client never loads: it only ever sees its name. */
  public static final class ProbeException extends RuntimeException {
    ProbeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public void register(TaskRegistry tasks) {
    tasks.register("count", (ctx, args) -> COUNT.incrementAndGet());
    tasks.register("whoami", (ctx, args) -> ctx.worker());
    tasks.register("onloop", (ctx, args) -> io.vertx.core.Context.isOnEventLoopThread());
    tasks.register("repeat", Integer.class, n -> "r".repeat(n));
    tasks.register("countrepeat", Integer.class, n -> {
      COUNT.incrementAndGet();
      return "r".repeat(n);
    });
    tasks.register("chatty", (ctx, args) -> {
      String line = "l".repeat(1024);
      for (long i = 0; i < args.getLong(0); i++) {
        ctx.log(line);
      }
      return ctx.index();
    });
    tasks.register("talk", (ctx, args) -> { // (ms, text): finishes later the longer it sleeps
      Thread.sleep(args.getLong(0)); // its work: items given decreasing times end out of order
      ctx.out().println(args.getString(1));
      ctx.log("log " + ctx.index());
      ctx.out().print("tail " + ctx.index()); // no line end: kept when the item returns
      return System.nanoTime();
    });
    tasks.register("slowfail", (ctx, args) -> { // (ms, fail): works a while, says so, fails
      ctx.log("item " + ctx.index() + ": reading its input");
      Thread.sleep(args.getLong(0)); // its work: the dashboard watches it run, then fail
      if (args.getBoolean(1)) {
        ctx.log("item " + ctx.index() + ": the input is not what it should be");
        throw new IllegalStateException("checksum mismatch in item " + ctx.index());
      }
      return ctx.index();
    });
    tasks.register("nested", (ctx, args) -> {
      throw new ProbeException("outer", new IllegalArgumentException("middle",
          new ArithmeticException("inner")));
    });
    tasks.register("flaky", (ctx, args) -> {
      if (FAILED_ONCE.add(ctx.job() + "/" + ctx.index())) {
        throw new IllegalStateException("first try of item " + ctx.index() + " fails");
      }
      return ctx.index();
    });
    tasks.register("slowwhoami", (ctx, args) -> {
      Thread.sleep(args.getLong(0)); // a slow task is the point: the sleep is its work
      return ctx.worker();
    });
    tasks.register("gatedwhoami", (ctx, args) -> {
      gate.await(60, TimeUnit.SECONDS); // waiting for the test is this task's work
      return ctx.worker();
    });
    tasks.register("slowdouble", Long.class, Long.class, (x, micros) -> {
      long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      return 2 * x;
    });
    tasks.register("countandappend", ProbeTasks::countAndAppend);
    tasks.register("onloopcount", (ctx, args) -> { // counts in the counter args[0], if any
      if (args.getString(0) != null) {
        ctx.counter(args.getString(0)).incrementAndGet(); // async: fine on an event loop
      }
      return io.vertx.core.Context.isOnEventLoopThread();
    });
    tasks.register("slowcount", (ctx, args) -> {
      COUNT.incrementAndGet();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(args.getLong(0));
      while (System.nanoTime() < end && !ctx.cancelled()) {
        Thread.onSpinWait();
      }
      return ctx.cancelled();
    });
  }

  /**
   * Counts the item in the shared counter {@code args[0]}, then appends its index to the list in
   * the shared map of that name under the lock of that name (a read-change-write: without the
   * lock, concurrent items would lose each other's appends). Answers the worker's id.
   */
  private static Object countAndAppend(TaskContext ctx, JsonArray args) throws Exception {
    String name = args.getString(0);
    ctx.counter(name).blocking().incrementAndGet();
    SharedMap.Blocking map = ctx.sharedMap(name).blocking();
    ctx.lock(name).blocking().withLock(() -> {
      JsonArray list = (JsonArray) map.get("list");
      map.put("list", (list == null ? new JsonArray() : list).add(ctx.index()));
      return null;
    });
    return ctx.worker();
  }
}
