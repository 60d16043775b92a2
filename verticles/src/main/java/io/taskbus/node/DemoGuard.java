package io.taskbus.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the public demo secret and demo users to loopback: a node that uses either starts only
 * when every address it binds and announces is a loopback one, so no other machine can reach
 * it. Checked on the conf before a CLI node joins the cluster, and on the running node's
 * addresses (the launcher path) before its verticles deploy.
 */
final class DemoGuard {

  private DemoGuard() {
  }

  /**
   * Refuses to start when {@code settings} use a demo secret or demo users and one of
   * {@code addresses} (setting name to address) is not loopback.
   */
  static void check(NodeSettings settings, Map<String, String> addresses) {
    List<String> demo = demoParts(settings);
    if (demo.isEmpty()) {
      return;
    }
    List<String> exposed = new ArrayList<>();
    addresses.forEach((setting, address) -> {
      if (!isLoopback(address)) {
        exposed.add(setting + " is " + address);
      }
    });
    if (!exposed.isEmpty()) {
      throw new IllegalStateException("refusing to start: this node uses " + String.join(" and ",
          demo) + ", which anyone may use, and it is reachable beyond loopback: "
          + String.join("; ", exposed) + ". Set " + NodeSettings.SECRET_ENV + " or"
          + " auth.secretFile ('bin/taskbus secret --out FILE' makes one) and a users file of"
          + " your own, or bind and announce 127.0.0.1 only");
    }
  }

  private static List<String> demoParts(NodeSettings settings) {
    List<String> parts = new ArrayList<>();
    if (settings.usesDemoSecret()) {
      parts.add("the public demo token secret");
    }
    if (settings.usesDemoUsers()) {
      parts.add("the demo users file " + settings.usersFile() + " (its line '"
          + NodeSettings.DEMO_USERS_MARKER + "')");
    }
    return parts;
  }

  /** What a conf makes a node bind and announce: its {@code cluster} section and Hazelcast XML. */
  static Map<String, String> confAddresses(JsonObject cluster, Config hazelcast) {
    Map<String, String> addresses = new LinkedHashMap<>();
    addresses.put("cluster.host", cluster.getString("host", "127.0.0.1"));
    if (cluster.getString("publicHost") != null) {
      addresses.put("cluster.publicHost", cluster.getString("publicHost"));
    }
    NetworkConfig network = hazelcast.getNetworkConfig();
    String localAddress = hazelcast.getProperty("hazelcast.local.localAddress");
    InterfacesConfig interfaces = network.getInterfaces();
    if (localAddress != null) {
      addresses.put("the Hazelcast property hazelcast.local.localAddress", localAddress);
    } else if (interfaces.isEnabled() && !interfaces.getInterfaces().isEmpty()) {
      interfaces.getInterfaces().forEach(i -> addresses.put("the Hazelcast interface (cluster"
          + ".interface, or <interfaces> in its XML)", i));
    } else {
      addresses.put("the Hazelcast interface (cluster.interface, or <interfaces> in its XML)",
          "unset, so Hazelcast picks one");
    }
    if (network.getPublicAddress() != null) {
      addresses.put("the Hazelcast <public-address>", network.getPublicAddress());
    }
    return addresses;
  }

  /** The running node's addresses: Hazelcast's member address, the event bus's announced host. */
  static Map<String, String> runningAddresses(Vertx vertx) {
    Map<String, String> addresses = new LinkedHashMap<>();
    ClusterManager manager = vertx instanceof VertxInternal internal ? internal.clusterManager()
        : null;
    if (manager == null) {
      return addresses; // not clustered: nothing listens
    }
    if (manager.getNodeInfo() != null) {
      addresses.put("the event-bus host (cluster.host, cluster.publicHost or -cluster-host)",
          manager.getNodeInfo().host());
    }
    if (manager instanceof HazelcastClusterManager hazelcast
        && hazelcast.getHazelcastInstance() != null) {
      addresses.put("the Hazelcast member address", hazelcast.getHazelcastInstance().getCluster()
          .getLocalMember().getAddress().getHost());
    }
    return addresses;
  }

  /** Loopback by its literal form or by what the name resolves to; a pattern only in 127/8. */
  static boolean isLoopback(String address) {
    String host = withoutPort(address.strip());
    if (host.contains("*") || host.matches(".*\\d-\\d.*")) { // Hazelcast's interface patterns
      return host.startsWith("127.");
    }
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      return false; // an unset address, said in words
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }

  private static String withoutPort(String address) {
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      return end > 0 ? address.substring(1, end) : address;
    }
    int colon = address.indexOf(':');
    return colon > 0 && colon == address.lastIndexOf(':') ? address.substring(0, colon) : address;
  }
}
