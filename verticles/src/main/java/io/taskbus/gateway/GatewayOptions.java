package io.taskbus.gateway;

import io.vertx.core.json.JsonObject;

/**
 * A gateway's conf section: {@code "gateway": {"port": 7000, "host": "127.0.0.1", "maxFrameBytes":
 * ..., "maxSessions": ..., "maxJobsPerSession": ..., "idleTimeoutMs": ...}} (its {@code tls} is
 * read by {@link GatewayVerticle#tlsSection}).
 */
record GatewayOptions(String host, int port, int maxFrameBytes, int maxSessions,
                      int maxJobsPerSession, long idleTimeoutMs, long loginTimeoutMs) {

  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 7000;

  static GatewayOptions of(JsonObject json) {
    return new GatewayOptions(json.getString("host", DEFAULT_HOST),
        json.getInteger("port", DEFAULT_PORT),
        positive(json, "maxFrameBytes", 1 << 20), positive(json, "maxSessions", 256),
        positive(json, "maxJobsPerSession", 16), positive(json, "idleTimeoutMs", 300_000),
        positive(json, "loginTimeoutMs", 30_000));
  }

  private static int positive(JsonObject json, String name, int fallback) {
    Object value = json.getValue(name, fallback);
    if (!(value instanceof Number n) || n.longValue() < 1 || n.longValue() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("gateway." + name + " must be a positive integer, got "
          + value);
    }
    return n.intValue();
  }
}
