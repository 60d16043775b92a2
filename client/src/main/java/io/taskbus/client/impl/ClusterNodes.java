package io.taskbus.client.impl;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.partition.NoDataMemberInClusterException;
import io.taskbus.auth.SecretFiles;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Starts clustered Vert.x nodes from a conf's {@code cluster} section: the Hazelcast XML it names
 * (or the loopback {@code cluster.xml} on the class path), then the section's overrides.
 */
public final class ClusterNodes {

  private ClusterNodes() {
  }

  public static Future<Vertx> join(TaskbusConf conf, boolean member) {
    return join(conf, member, null);
  }

  /**
   * As {@link #join(TaskbusConf, boolean)}, with Vert.x metrics (a worker node's, when its conf
   * names an HTTP server to scrape them from); null: none, as a client's.
   */
  public static Future<Vertx> join(TaskbusConf conf, boolean member, MetricsOptions metrics) {
    JsonObject cluster = conf.section("cluster");
    Config config;
    try {
      config = hazelcastConfig(conf, member);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    EventBusOptions eventBus;
    try {
      eventBus = eventBusOptions(cluster, conf::resolve);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return join(config, eventBus, metrics).recover(e -> Future.failedFuture(
        !member && noFullMember(e) ? new NoWorkersException("no worker node is up in cluster '"
            + config.getClusterName() + "' (" + config.getNetworkConfig().getJoin()
            .getTcpIpConfig().getMembers() + "): a client or a dashboard joins as a lite member,"
            + " which holds no cluster data, so it needs one; start one with bin/taskbus worker")
            : e));
  }

  /** Hazelcast's word that only lite members are up: none can own the cluster's data. */
  private static boolean noFullMember(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoDataMemberInClusterException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The event-bus options of a {@code cluster} section: its address, and with {@code tls} TLS
   * with mutual authentication, so only nodes holding a certificate of the trusted CA can
   * deliver messages to this one.
   *
   * @throws IllegalStateException when TLS is on and its group or others may use the private key
   */
  public static EventBusOptions eventBusOptions(JsonObject cluster,
      Function<String, Path> resolve) {
    EventBusOptions eventBus = new EventBusOptions()
        .setHost(cluster.getString("host", "127.0.0.1"))
        .setPort(cluster.getInteger("eventBusPort", 0));
    String publicHost = cluster.getString("publicHost");
    if (publicHost != null) {
      eventBus.setClusterPublicHost(publicHost);
    }
    JsonObject tls = cluster.getJsonObject("tls");
    if (tls != null && tls.getBoolean("enabled", true)) {
      String keyPath = tlsFile(tls, "keyPath", resolve);
      // whoever reads the key can pose as this node to the whole cluster
      SecretFiles.checkOwnerOnly(Path.of(keyPath), "cluster.tls.keyPath");
      eventBus.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(new PemKeyCertOptions()
              .setKeyPath(keyPath)
              .setCertPath(tlsFile(tls, "certPath", resolve)))
          .setTrustOptions(new PemTrustOptions().addCertPath(tlsFile(tls, "caPath", resolve)));
    }
    return eventBus;
  }

  private static String tlsFile(JsonObject tls, String key, Function<String, Path> resolve) {
    String path = tls.getString(key);
    if (path == null) {
      throw new IllegalArgumentException("cluster.tls needs keyPath, certPath and caPath (PEM"
          + " files; 'bin/taskbus certs' makes development ones); " + key + " is missing");
    }
    Path file = resolve.apply(path);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("cluster.tls." + key + ": cannot read " + file);
    }
    return file.toString();
  }

  /** Starts a node from a ready Hazelcast config and event-bus options. */
  public static Future<Vertx> join(Config config, EventBusOptions eventBus) {
    return join(config, eventBus, null);
  }

  /** As {@link #join(Config, EventBusOptions)}, with these metrics options (null: none). */
  public static Future<Vertx> join(Config config, EventBusOptions eventBus,
      MetricsOptions metrics) {
    VertxOptions options = new VertxOptions().setEventBusOptions(eventBus);
    if (metrics != null) {
      options.setMetricsOptions(metrics);
    }
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(config))
        .buildClustered();
  }

  /**
   * The first of {@code count} consecutive loopback ports that are free now, away from the
   * shipped 5801: a cluster of its own for tests and benchmarks.
   */
  public static int freeLoopbackPorts(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
      if (allFree(base, count)) {
        return base;
      }
    }
    throw new IllegalStateException("no free loopback port range found");
  }

  private static boolean allFree(int base, int count) {
    for (int p = base; p < base + count; p++) {
      try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** The Hazelcast config a node of {@code conf} would start with. */
  public static Config hazelcastConfig(TaskbusConf conf, boolean member) {
    JsonObject cluster = conf.section("cluster");
    String file = cluster.getString("config");
    Config config;
    try {
      config = file == null ? new ClasspathXmlConfig("cluster.xml")
          : new FileSystemXmlConfig(conf.resolve(file).toFile());
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("Hazelcast config not found: " + conf.resolve(file), e);
    }
    applyOverrides(config, cluster);
    config.setLiteMember(!member);
    // never call home, never bind every interface, whatever the XML says
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    return config;
  }

  private static void applyOverrides(Config config, JsonObject cluster) {
    NetworkConfig network = config.getNetworkConfig();
    if (cluster.getString("name") != null) {
      config.setClusterName(cluster.getString("name"));
    }
    if (cluster.getInteger("port") != null) {
      network.setPort(cluster.getInteger("port"));
    }
    if (cluster.getInteger("portCount") != null) {
      network.setPortCount(cluster.getInteger("portCount"));
    }
    JsonArray members = cluster.getJsonArray("members");
    if (members != null) {
      List<String> list = members.stream().map(String::valueOf).toList();
      network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(list);
      network.getJoin().getMulticastConfig().setEnabled(false);
    }
    String networkInterface = cluster.getString("interface");
    if (networkInterface != null) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(networkInterface));
    }
  }
}
