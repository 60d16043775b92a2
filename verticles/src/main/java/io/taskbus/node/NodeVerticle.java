package io.taskbus.node;

import io.taskbus.client.TaskbusConf;
import io.taskbus.client.impl.ClusterNodes;
import io.vertx.core.DeploymentOptions;
import io.taskbus.auth.ClusterKeys;
import io.taskbus.client.PoolOptions;
import io.taskbus.gateway.GatewayVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import io.vertx.core.json.JsonObject;

/**
 * A worker node: the auth service (unless {@code auth.service} is false) and
 * {@code worker.instances} worker verticles, from one conf.
 * The main verticle for the Vert.x launcher and for {@code bin/taskbus worker}.
 */
public final class NodeVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(NodeVerticle.class.getName());

  private final List<HttpRoutes> routes;

  public NodeVerticle() {
    this(List.of());
  }

  /** A node whose HTTP server (when its conf has {@code http}) also mounts {@code routes}. */
  public NodeVerticle(List<HttpRoutes> routes) {
    this.routes = List.copyOf(routes);
  }

  /**
   * Starts the clustered Vert.x of a worker node of {@code conf}: a full member, with metrics on
   * when the conf has an {@code http} section (its {@code /metrics} serves them).
   */
  public static Future<Vertx> joinCluster(TaskbusConf conf) {
    return ClusterNodes.join(conf, true, NodeMetrics.options(conf.json()));
  }

  /**
   * Checks a worker node's conf before it joins the cluster: its signing secret (present, at
   * least 256 bits, its file the owner's only), its users file (the owner's only), and that a
   * node with the demo secret or demo users binds and announces loopback addresses only.
   *
   * @throws IllegalStateException saying which secret, file or address is wrong, and the fix
   */
  public static void checkBeforeJoining(TaskbusConf conf) {
    JsonObject config = conf.json().copy().put("confDir", conf.resolve(".").normalize()
        .toString());
    NodeSettings settings = new NodeSettings(config);
    settings.checkSecrets();
    DemoGuard.check(settings, DemoGuard.confAddresses(conf.section("cluster"),
        ClusterNodes.hazelcastConfig(conf, true)));
  }

  @Override
  public Future<?> start() {
    NodeSettings settings = new NodeSettings(config());
    try { // a conf without a real secret fails here, before any consumer listens
      settings.checkSecrets();
      DemoGuard.check(settings, DemoGuard.runningAddresses(vertx));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    settings.warnIfDemoSecret();
    int instances = Math.max(1, settings.worker().getInteger("instances", 1));
    DeploymentOptions options = new DeploymentOptions().setConfig(config());
    Future<String> auth = settings.authService()
        ? vertx.deployVerticle(() -> new AuthVerticle(), options) : Future.succeededFuture();
    return auth.compose(id -> vertx.deployVerticle(() -> new WorkerVerticle(),
            new DeploymentOptions(options).setInstances(instances)))
        .compose(workers -> config().getJsonObject("http") == null ? Future.succeededFuture()
            : vertx.deployVerticle(new HttpVerticle(NodeHealth.create(vertx,
                () -> vertx.deploymentIDs().contains(workers)), routes), options))
        .compose(http -> config().getJsonObject("gateway") == null ? Future.succeededFuture()
            : deployGateway(vertx, config()))
        .onSuccess(id -> LOG.log(System.Logger.Level.INFO, "taskbus worker node up: {0}"
            + " worker(s) on address ''{1}''", instances, settings.address()));
  }

  /**
   * Deploys a gateway ({@code config}'s {@code gateway} section) on {@code vertx}: beside a
   * worker, or alone ({@code bin/taskbus gateway}) on a node that holds the cluster's secret,
   * which opens the sessions of the logins it relays. Its pools are the conf's {@code pool}
   * section's, on the conf's address, without a user of their own.
   */
  public static Future<String> deployGateway(Vertx vertx, JsonObject config) {
    NodeSettings settings = new NodeSettings(config);
    PoolOptions pools;
    ClusterKeys keys;
    try {
      settings.checkSecrets();
      checkGatewayHost(settings, config);
      keys = ClusterKeys.of(settings.secret());
      pools = new PoolOptions(config.getJsonObject("pool", new JsonObject()))
          .setAddress(settings.address()).setUsername(null).setPassword(null);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return vertx.deployVerticle(new GatewayVerticle(keys, pools),
        new DeploymentOptions().setConfig(config));
  }

  /**
   * A gateway off loopback needs a real secret (the demo one lets anyone mint tokens) and TLS,
   * unless its conf says {@code "plaintext": true}: a login's session is the connection's, and
   * on a network a connection without TLS can be taken over.
   */
  private static void checkGatewayHost(NodeSettings settings, JsonObject config) {
    JsonObject gateway = config.getJsonObject("gateway", new JsonObject());
    String host = gateway.getString("host", "127.0.0.1");
    if (DemoGuard.isLoopback(host)) {
      return;
    }
    if (settings.usesDemoSecret()) {
      throw new IllegalStateException("refusing to open a gateway on " + host + " with the demo"
          + " token secret: use a loopback host, or set TASKBUS_SECRET (or auth.secretFile)");
    }
    JsonObject tls = GatewayVerticle.tlsSection(config);
    if ((tls == null || !tls.getBoolean("enabled", true))
        && !gateway.getBoolean("plaintext", false)) {
      throw new IllegalStateException("refusing to open a gateway on " + host + " without TLS:"
          + " give gateway.tls {keyPath, certPath} (PEM) or cluster.tls, or set"
          + " gateway.plaintext to true on a network you trust");
    }
  }
}
