package io.taskbus.cli;

import io.taskbus.client.TaskbusConf;
import io.taskbus.node.NodeVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gateway", description = "Start a gateway alone: a cluster member (not a worker)"
    + " through which the CLI with a gateway in its conf, Python and other languages run jobs"
    + " (docs/GATEWAY.md); it runs until SIGINT or SIGTERM.")
final class GatewayCommand implements Callable<Integer> {

  private static final long START_TIMEOUT_S = 120;
  private static final long STOP_TIMEOUT_S = 60;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--port", paramLabel = "N", description = "the port to listen on (default:"
      + " the conf's gateway.port, else 7000)")
  Integer port;

  @Override
  public Integer call() throws Exception {
    TaskbusConf conf = common.load("worker.json");
    JsonObject config = WorkerCommand.nodeConfig(conf, null);
    JsonObject gateway = config.getJsonObject("gateway", new JsonObject());
    if (port != null) {
      gateway.put("port", port);
    }
    config.put("gateway", gateway);
    NodeVerticle.checkBeforeJoining(conf); // the gateway opens sessions with the cluster's secret
    Vertx vertx = conf.joinCluster(false).await(START_TIMEOUT_S, TimeUnit.SECONDS);
    TaskbusCli.closeOnExit(vertx, STOP_TIMEOUT_S); // a SIGTERM while it starts closes it too
    try {
      NodeVerticle.deployGateway(vertx, config).await(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    System.err.println("taskbus: gateway up on port " + gateway.getInteger("port",
        7000) + " for '" + conf.address() + "'; Ctrl-C to stop");
    TaskbusCli.keepRunning();
    return ExitCodes.OK;
  }
}
