package io.taskbus.cli;

import io.taskbus.client.NoWorkersException;
import io.taskbus.gateway.GatewayClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

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
  private static final String GATEWAY = "gateway";
  private static final int GATEWAY_CONNECT_MS = 10_000;

  @Mixin
  CommonOptions common = new CommonOptions();

  /** Where progress and task output go; tests catch it. */
  PrintStream err = System.err;

  /** Whether {@link #err} is a terminal (asked only to show progress); tests decide it. */
  BooleanSupplier errIsTerminal = StderrTerminal::check;

  /** The command's work with a logged-in pool; returns the exit code. */
  abstract int run(TaskPool pool, PrintStream out) throws Exception;

  /**
   * The command's work through a gateway (when the conf names one): what it prints on stdout,
   * as JSON.
   */
  Object viaGateway(GatewayClient gateway) throws IOException {
    throw new IllegalArgumentException("this command needs the cluster itself: run it with a"
        + " conf without a gateway");
  }

  /** The task the command runs, to name it in a failure. */
  String task() {
    return "";
  }

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
      if (conf.json().getValue(GATEWAY) != null) {
        return throughGateway(conf.json().getValue(GATEWAY), options, conf);
      }
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

  /**
   * Runs the command through the gateway at {@code where} ({@code "host:port"}): no cluster to
   * join, one connection, the same output and exit codes.
   */
  private int throughGateway(Object where, PoolOptions options, TaskbusConf conf)
      throws Exception {
    // "host:port", or {"address": "host:port", "caPath": "ca.pem"} for a gateway with TLS
    JsonObject section = where instanceof JsonObject json ? json : new JsonObject()
        .put("address", where);
    String text = section.getValue("address") instanceof String a ? a : "";
    if (text.lastIndexOf(':') < 1) {
      throw new IllegalArgumentException("the conf's gateway is \"host:port\" or {\"address\":"
          + " \"host:port\", \"caPath\": FILE}, got " + where);
    }
    String host = text.substring(0, text.lastIndexOf(':'));
    int port = Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
    Path ca = section.getString("caPath") == null ? null : conf.resolve(section.getString("caPath"));
    GatewayClient gateway;
    try {
      gateway = GatewayClient.connect(host, port, GATEWAY_CONNECT_MS, ca);
    } catch (IOException e) {
      throw new NoWorkersException("cannot reach the gateway at " + text + ": " + e.getMessage()
          + " (is a worker node with a gateway section in its conf up?)");
    }
    try (gateway) {
      gateway.login(options.getUsername(), options.getPassword());
      System.out.println(TerminalText.json(viaGateway(gateway)));
      return ExitCodes.OK;
    } catch (GatewayClient.GatewayException e) {
      throw GatewayFailures.of(e, task());
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
