package io.taskbus.bench;

import io.taskbus.client.TaskbusConf;
import io.taskbus.node.NodeVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM of the benchmark: a taskbus worker node (as {@code bin/taskbus worker} starts
 * it), and on the same node the references' servers: the raw event-bus doubler, and, as a
 * Hazelcast member, an executor for Hazelcast's {@code IExecutorService}.
 * {@code BenchWorker CONF} prints {@code bench worker up} when ready.
 */
public final class BenchWorker {

  private BenchWorker() {
  }

  public static void main(String[] args) throws Exception {
    TaskbusConf conf = TaskbusConf.load(Path.of(args[0]));
    Vertx vertx = conf.joinCluster(true).await(120, TimeUnit.SECONDS);
    DeploymentOptions options = new DeploymentOptions().setConfig(conf.json());
    vertx.deployVerticle(new NodeVerticle(), options).await(120, TimeUnit.SECONDS);
    vertx.deployVerticle(new RawDoubler()).await(120, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // leaving anyway
      }
    }));
    System.err.println("bench worker up");
  }
}
