package io.taskbus.cli;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.taskbus.node.NodeLogging;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/taskbus}: worker, map, starmap, apply, status, dashboard, demo, certs, passwd,
 * secret.
 */
@Command(name = "taskbus", mixinStandardHelpOptions = true, version = "taskbus 0.1.0",
    description = "A process pool across a Vert.x cluster.",
    subcommands = {WorkerCommand.class, MapCommand.class, StarmapCommand.class,
        ApplyCommand.class, StatusCommand.class, DashboardCommand.class, DemoCommand.class, CertsCommand.class,
        PasswdCommand.class, SecretCommand.class, GatewayCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a task failed", "2:bad usage or input (unknown task too)",
        "3:authentication or permission refused", "4:no workers, or timed out"})
public final class TaskbusCli implements Callable<Integer> {

  private static volatile boolean keepRunning;

  public static void main(String[] args) {
    NodeLogging.install();
    int code = commandLine().execute(args);
    if (!keepRunning) {
      System.exit(code);
    }
  }

  /** The command line; picocli exits 2 on usage errors, as {@link ExitCodes#BAD_INPUT} says. */
  public static CommandLine commandLine() {
    return new CommandLine(new TaskbusCli())
        .setExecutionExceptionHandler((e, cmd, parsed) -> ClientCommand.report(e));
  }

  /** A long-running command (a worker) asks main not to exit when it returns. */
  static void keepRunning() {
    keepRunning = true;
  }

  /** Closes {@code vertx} when the JVM is asked to stop (SIGINT, SIGTERM), within the timeout. */
  static void closeOnExit(Vertx vertx, long timeoutS) {
    closeOnExit(vertx, timeoutS, () -> null);
  }

  /** As {@link #closeOnExit(Vertx, long)}, first printing {@code farewell}'s line (null: none). */
  static void closeOnExit(Vertx vertx, long timeoutS, Supplier<String> farewell) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      String line = farewell.get();
      if (line != null) {
        System.err.println(line);
      }
      try {
        vertx.close().await(timeoutS, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("taskbus: stop did not finish: " + e.getMessage());
      }
    }, "taskbus-stop"));
  }

  /** No command given: that is a usage error. */
  @Override
  public Integer call() {
    CommandLine.usage(this, System.err);
    return ExitCodes.BAD_INPUT;
  }
}
