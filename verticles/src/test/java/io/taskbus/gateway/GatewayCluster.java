package io.taskbus.gateway;

import io.taskbus.client.impl.ClusterNodes;
import io.taskbus.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/** A test cluster of one worker node whose conf opens a gateway on a free loopback port. */
record GatewayCluster(TestCluster cluster, int port) implements AutoCloseable {

  /** @param gateway changes the conf's gateway section (its port and host are set) */
  static GatewayCluster start(Consumer<JsonObject> gateway) throws Exception {
    int port = ClusterNodes.freeLoopbackPorts(1);
    JsonObject section = new JsonObject().put("port", port).put("host", "127.0.0.1");
    gateway.accept(section);
    TestCluster cluster = TestCluster.empty(conf -> conf.put("gateway", section));
    cluster.addWorkerNode();
    return new GatewayCluster(cluster, port);
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
