package io.taskbus.cli;

import io.taskbus.client.TaskbusConf;
import io.taskbus.node.HttpRoutes;
import io.taskbus.node.NodeKeys;
import io.taskbus.node.NodeVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", description = "Start a worker node; it runs until SIGINT or SIGTERM,"
    + " then finishes its chunks and leaves the cluster.")
final class WorkerCommand implements Callable<Integer> {

  private static final long START_TIMEOUT_S = 120;
  private static final long STOP_TIMEOUT_S = 120;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--instances", paramLabel = "N", description = "worker verticles to deploy")
  Integer instances;

  @Override
  public Integer call() throws Exception {
    TaskbusConf conf = common.load("worker.json");
    JsonObject config = nodeConfig(conf, instances);
    NodeVerticle.checkBeforeJoining(conf); // a weak or public secret never reaches the network
    JsonObject http = config.getJsonObject("http");
    if (http != null) {
      NodeKeys.checkHttpHost(config, http.getString("host", "127.0.0.1"));
    }
    Vertx vertx = NodeVerticle.joinCluster(conf).await(START_TIMEOUT_S, TimeUnit.SECONDS);
    // before anything is deployed: a SIGTERM while the node starts closes it too, where a hook
    // added once the shutdown has begun would throw instead
    AtomicBoolean up = new AtomicBoolean();
    TaskbusCli.closeOnExit(vertx, STOP_TIMEOUT_S, () -> up.get()
        ? "taskbus: stopping: finishing the chunks in hand, then leaving"
        : "taskbus: stopping while the node starts: leaving");
    try {
      // a node that serves HTTP serves the dashboard too, beside /metrics and /health
      List<HttpRoutes> routes = config.getJsonObject("http") == null ? List.of()
          : List.of(DashboardCommand.deploy(vertx, config));
      vertx.deployVerticle(new NodeVerticle(routes), new DeploymentOptions().setConfig(config))
          .await(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    up.set(true);
    System.err.println("taskbus: worker node up on '" + conf.address() + "'; Ctrl-C to stop");
    TaskbusCli.keepRunning();
    return ExitCodes.OK;
  }

  /** The conf as the node's verticles read it: paths relative to the conf file. */
  static JsonObject nodeConfig(TaskbusConf conf, Integer instances) {
    JsonObject config = conf.json().copy().put("confDir", conf.resolve(".").normalize().toString());
    if (instances != null) {
      JsonObject worker = config.getJsonObject("worker", new JsonObject());
      config.put("worker", worker.put("instances", instances));
    }
    return config;
  }
}
