package io.taskbus.testing;

import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.taskbus.client.impl.ClusterNodes;
import io.taskbus.node.NodeVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Real clustered Vert.x nodes in this JVM, on loopback, with a cluster name and Hazelcast ports of
 * their own: worker nodes (full members running {@link NodeVerticle}) and one client node (a
 * lite member).
 */
public final class TestCluster implements AutoCloseable {

  public static final long TIMEOUT_S = 60;
  public static final String ALICE_PASSWORD = "alice-demo-password";
  public static final int PORTS = 6;

  private final List<Vertx> workers = new ArrayList<>();
  private final JsonObject conf;
  private Vertx client;

  private TestCluster(JsonObject conf) {
    this.conf = conf;
  }

  /** The repository root, where conf/ lives. */
  public static Path home() {
    return Path.of(System.getProperty("taskbus.home", "..")).toAbsolutePath().normalize();
  }

  /** A conf for a fresh cluster: the shipped one, with its own name and free ports. */
  public static JsonObject freshConf() {
    int port = ClusterNodes.freeLoopbackPorts(PORTS);
    JsonArray members = new JsonArray();
    for (int i = 0; i < PORTS; i++) {
      members.add("127.0.0.1:" + (port + i));
    }
    JsonObject conf = TaskbusConf.load(home().resolve("conf/worker.json")).json().copy();
    conf.getJsonObject("cluster").put("name", "taskbus-test-" + UUID.randomUUID())
        .put("port", port).put("members", members);
    conf.put("confDir", home().resolve("conf").toString());
    conf.getJsonObject("worker").put("poolSize", 2).put("announceIntervalMs", 200);
    return conf;
  }

  /** Starts {@code workerNodes} worker nodes, one after another, then the client node. */
  public static TestCluster start(int workerNodes) throws Exception {
    TestCluster cluster = new TestCluster(freshConf());
    try {
      for (int i = 0; i < workerNodes; i++) {
        cluster.addWorkerNode();
      }
      return cluster.withClient();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  public TaskbusConf conf() {
    return TaskbusConf.of(conf, home().resolve("conf"));
  }

  public JsonObject confJson() {
    return conf.copy();
  }

  /** Starts one more worker node and returns its Vert.x. */
  public Vertx addWorkerNode() throws Exception {
    return addWorkerNode(worker -> { });
  }

  /** Starts one more worker node, its {@code worker} conf section changed by {@code tweak}. */
  public Vertx addWorkerNode(Consumer<JsonObject> tweak) throws Exception {
    // as bin/taskbus worker starts it: with metrics when the conf has http
    Vertx node = NodeVerticle.joinCluster(conf()).await(TIMEOUT_S, TimeUnit.SECONDS);
    workers.add(node);
    JsonObject config = conf.copy();
    tweak.accept(config.getJsonObject("worker"));
    node.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config))
        .await(TIMEOUT_S, TimeUnit.SECONDS);
    return node;
  }

  /** Joins one more full member with nothing deployed on it: the test deploys what it needs. */
  public Vertx addNode() throws Exception {
    Vertx node = conf().joinCluster(true).await(TIMEOUT_S, TimeUnit.SECONDS);
    workers.add(node);
    return node;
  }

  /** A cluster with no node started yet: add worker nodes, then the client. */
  public static TestCluster empty() {
    return empty(conf -> { });
  }

  /** As {@link #empty()}, with the nodes' conf changed by {@code tweak}. */
  public static TestCluster empty(Consumer<JsonObject> tweak) {
    JsonObject conf = freshConf();
    tweak.accept(conf);
    return new TestCluster(conf);
  }

  /** Starts the client node (a lite member). */
  public TestCluster withClient() throws Exception {
    client = conf().joinCluster(false).await(TIMEOUT_S, TimeUnit.SECONDS);
    return this;
  }

  public List<Vertx> workers() {
    return workers;
  }

  public Vertx client() {
    return client;
  }

  /** A pool on the client node, logged in as alice (who may run every task). */
  public TaskPool pool() throws Exception {
    return pool(new PoolOptions().setUsername("alice").setPassword(ALICE_PASSWORD));
  }

  public TaskPool pool(PoolOptions options) throws Exception {
    return TaskPool.connect(client, options).await(TIMEOUT_S, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    List<Vertx> all = new ArrayList<>();
    if (client != null) {
      all.add(client);
    }
    for (int i = workers.size() - 1; i >= 0; i--) {
      all.add(workers.get(i));
    }
    for (Vertx vertx : all) {
      vertx.close().await(TIMEOUT_S, TimeUnit.SECONDS);
    }
  }
}
