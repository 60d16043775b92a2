package io.taskbus.cli;

import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Mixin;

/**
 * A command that joins the cluster as a client, logs in, does its work and leaves. Failures go
 * to stderr as one line, with the exit code of {@link ExitCodes}.
 */
abstract class ClientCommand implements Callable<Integer> {

  private static final long JOIN_TIMEOUT_S = 60;
  private static final long LEAVE_TIMEOUT_S = 20;

  @Mixin
  CommonOptions common = new CommonOptions();

  /** Where progress and task output go; tests catch it. */
  PrintStream err = System.err;

  /** Whether {@link #err} is a terminal (asked only to show progress); tests decide it. */
  BooleanSupplier errIsTerminal = StderrTerminal::check;

  /** The command's work with a logged-in pool; returns the exit code. */
  abstract int run(TaskPool pool, PrintStream out) throws Exception;

  /** Checks the command's input before the slow part (joining the cluster) starts. */
  void validate() {
  }

  @Override
  public Integer call() {
    Vertx vertx = null;
    try {
      validate();
      TaskbusConf conf = common.load("client.json");
      PoolOptions options = conf.poolOptions(common.user);
      vertx = conf.joinCluster(false).await(JOIN_TIMEOUT_S, TimeUnit.SECONDS);
      TaskPool pool = TaskPool.connect(vertx, options).await();
      return run(pool, System.out);
    } catch (Throwable e) {
      return report(e);
    } finally {
      if (vertx != null) {
        try {
          vertx.close().await(LEAVE_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("taskbus: leaving the cluster took too long: " + e.getMessage());
        }
      }
    }
  }

  static int report(Throwable error) {
    return report(error, System.err);
  }

  /** One line for a failure, its remote text cleaned; never its stack (local or remote). */
  static int report(Throwable error, PrintStream err) {
    Throwable cause = error instanceof java.util.concurrent.ExecutionException && error.getCause()
        != null ? error.getCause() : error;
    String type = cause.getClass().getSimpleName();
    // a remote task's message: it must not drive the terminal either
    err.println("taskbus: " + type + ": "
        + TerminalText.clean(String.valueOf(cause.getMessage()).replace('\n', ' ')));
    return ExitCodes.of(cause);
  }
}
