package io.taskbus.node;

import io.taskbus.auth.TokenKeys;
import io.vertx.core.json.JsonObject;

/**
 * What a node that is not a worker (the dashboard) reads from a node conf, as a worker would:
 * the keys it checks tokens with, from the cluster's secret ({@link NodeSettings#tokenKeys}).
 */
public final class NodeKeys {

  private NodeKeys() {
  }

  /** @throws IllegalStateException when the conf has no usable secret (and says how to fix it) */
  public static TokenKeys tokenKeys(JsonObject nodeConfig) {
    NodeSettings settings = new NodeSettings(nodeConfig);
    settings.warnIfDemoSecret();
    return settings.tokenKeys();
  }

  /**
   * Refuses an HTTP host other than loopback for a node that uses the public demo secret: anyone
   * could forge the tokens it trusts.
   *
   * @throws IllegalStateException saying what to change
   */
  public static void checkHttpHost(JsonObject nodeConfig, String host) {
    if (new NodeSettings(nodeConfig).usesDemoSecret() && !DemoGuard.isLoopback(host)) {
      throw new IllegalStateException("refusing to serve HTTP on " + host + " with the demo"
          + " token secret: use a loopback host, or set TASKBUS_SECRET (or auth.secretFile)");
    }
  }

  /** The task address the conf's workers serve. */
  public static String address(JsonObject nodeConfig) {
    return new NodeSettings(nodeConfig).address();
  }
}
