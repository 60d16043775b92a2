package io.taskbus.cli;

import io.taskbus.client.TaskbusConf;
import io.taskbus.dashboard.DashboardRoutes;
import io.taskbus.dashboard.DashboardServer;
import io.taskbus.dashboard.DashboardVerticle;
import io.taskbus.node.NodeKeys;
import io.taskbus.node.NodeVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dashboard", description = "Start a lite member that serves the web dashboard"
    + " (workers, jobs, task stream, throughput) until SIGINT or SIGTERM. It reads the cluster's"
    + " secret from the node conf, as a worker does; users log in on the page.")
final class DashboardCommand implements Callable<Integer> {

  static final int DEFAULT_PORT = 8080;
  private static final long TIMEOUT_S = 120;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: the conf's"
      + " http.port, else " + DEFAULT_PORT + "; 0 picks a free one)")
  Integer port;

  @Option(names = "--host", paramLabel = "HOST", description = "HTTP host to bind (default: the"
      + " conf's http.host, else 127.0.0.1)")
  String host;

  @Override
  public Integer call() throws Exception {
    TaskbusConf conf = common.load("worker.json");
    JsonObject config = WorkerCommand.nodeConfig(conf, null);
    JsonObject http = config.getJsonObject("http", new JsonObject());
    String bindHost = host != null ? host : http.getString("host", "127.0.0.1");
    int bindPort = port != null ? port : http.getInteger("port", DEFAULT_PORT);
    NodeVerticle.checkBeforeJoining(conf);
    NodeKeys.checkHttpHost(config, bindHost);
    Vertx vertx = conf.joinCluster(false).await(TIMEOUT_S, TimeUnit.SECONDS);
    TaskbusCli.closeOnExit(vertx, TIMEOUT_S); // a SIGTERM while it starts closes it too
    try {
      HttpServer server = serve(vertx, config, bindHost, bindPort);
      System.err.println("taskbus: dashboard on " + url(bindHost, server.actualPort())
          + " (log in as a user with view, view:* or *); Ctrl-C to stop");
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    TaskbusCli.keepRunning();
    return ExitCodes.OK;
  }

  /** Deploys the dashboard on {@code vertx} and serves it on {@code host:port}. */
  static HttpServer serve(Vertx vertx, JsonObject nodeConfig, String host, int port)
      throws Exception {
    return DashboardServer.start(vertx, host, port, deploy(vertx, nodeConfig))
        .await(TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** Deploys the dashboard on {@code vertx}: its routes, for an HTTP server to mount. */
  static DashboardRoutes deploy(Vertx vertx, JsonObject nodeConfig) throws Exception {
    DashboardVerticle dashboard = new DashboardVerticle(NodeKeys.tokenKeys(nodeConfig),
        NodeKeys.address(nodeConfig));
    vertx.deployVerticle(dashboard).await(TIMEOUT_S, TimeUnit.SECONDS);
    return new DashboardRoutes(dashboard);
  }

  static String url(String host, int port) {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
  }

}
