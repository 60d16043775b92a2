package io.taskbus.gateway;

import io.taskbus.auth.ClusterKeys;
import io.taskbus.auth.SecretFiles;
import io.taskbus.client.PoolOptions;
import io.taskbus.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway: a TCP server speaking the event-bus bridge's frames (docs/GATEWAY.md) through
 * which programs that are not cluster members log in and run jobs. Its own server rather than
 * vertx-tcp-eventbus-bridge's: that bridge buffers frames of any announced length, never
 * pauses a socket, and tells a hook nothing of a socket's end, and a gateway needs all three.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(GatewayVerticle.class.getName());

  private final ClusterKeys keys;
  private final PoolOptions poolOptions;
  private GatewayOptions options;
  private NetServer server;
  private int connections;

  /**
   * @param keys the cluster's keys: a relayed login's session is sealed for them
   * @param poolOptions the pools the gateway runs its users' jobs with (no user, no password)
   */
  public GatewayVerticle(ClusterKeys keys, PoolOptions poolOptions) {
    this.keys = keys;
    this.poolOptions = poolOptions;
  }

  /** The port the gateway listens on (its conf's, or the one it was given for port 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    try {
      options = GatewayOptions.of(config().getJsonObject("gateway", new JsonObject()));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    NetServerOptions net = new NetServerOptions().setHost(options.host())
        .setPort(options.port());
    JsonObject tls = tlsSection(config());
    if (tls != null && tls.getBoolean("enabled", true)) {
      try {
        net.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
            .setKeyPath(tlsFile(tls, "keyPath", true)).setCertPath(tlsFile(tls, "certPath", false)));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    server = vertx.createNetServer(net).connectHandler(socket -> {
      if (connections >= options.maxSessions()) {
        socket.end(GatewayConnection.bytes(GatewayConnection.errFrame(ErrorCode.RATE_LIMITED,
            "the gateway holds " + connections + " connections, its most")));
        return;
      }
      connections++;
      new GatewayConnection(vertx, socket, options, poolOptions, keys, () -> connections--)
          .start();
    });
    return server.listen().onSuccess(s -> LOG.log(System.Logger.Level.INFO,
        "taskbus gateway listening on {0}:{1}", options.host(), String.valueOf(s.actualPort())))
        .recover(e -> Future.failedFuture(new IllegalStateException("gateway: cannot listen on "
            + options.host() + ":" + options.port() + " (" + e.getMessage() + "): change"
            + " gateway.port in the node's conf", e)));
  }

  /**
   * The gateway's TLS: its own {@code gateway.tls}, else the cluster's certificate and key
   * ({@code cluster.tls}) when the cluster has TLS; null for none.
   */
  public static JsonObject tlsSection(JsonObject config) {
    JsonObject own = config.getJsonObject("gateway", new JsonObject()).getJsonObject("tls");
    if (own != null) {
      return own;
    }
    return config.getJsonObject("cluster", new JsonObject()).getJsonObject("tls");
  }

  /** A PEM file of gateway.tls, relative to the conf's directory; the key the owner's only. */
  private String tlsFile(JsonObject tls, String key, boolean secret) {
    if (!(tls.getValue(key) instanceof String name)) {
      throw new IllegalArgumentException("gateway.tls needs keyPath and certPath (PEM files)");
    }
    Path file = Path.of(config().getString("confDir", ".")).resolve(name);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("gateway.tls." + key + ": cannot read " + file);
    }
    if (secret) {
      SecretFiles.checkOwnerOnly(file, "gateway.tls." + key);
    }
    return file.toString();
  }
}
