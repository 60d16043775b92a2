package io.taskbus.node;

import io.taskbus.auth.TokenService;
import io.taskbus.protocol.Addresses;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node's settings from its verticle config (the conf file's JSON). Relative paths resolve
 * against {@code confDir} in the JSON when present (the CLI sets it), else the system property
 * {@code taskbus.conf.dir}, else {@code ./conf} when it exists, else the working directory.
 */
final class NodeSettings {

  static final String SECRET_ENV = "TASKBUS_SECRET";
  /** The demo confs' signing secret: public, so only for trying taskbus out on loopback. */
  static final String DEMO_SECRET = "taskbus-demo-secret-do-not-use-in-production";

  private static final System.Logger LOG = System.getLogger(NodeSettings.class.getName());

  private final JsonObject config;

  NodeSettings(JsonObject config) {
    this.config = config == null ? new JsonObject() : config;
  }

  String address() {
    return config.getString("address", Addresses.TASKS);
  }

  boolean demo() {
    return config.getBoolean("demo", false);
  }

  JsonObject worker() {
    return section("worker");
  }

  JsonObject auth() {
    return section("auth");
  }

  int tokenTtlSeconds() {
    return auth().getInteger("tokenTtlSeconds", 900);
  }

  Path usersFile() {
    return resolve(auth().getString("users", "users.properties"));
  }

  /**
   * The token signing secret: {@value #SECRET_ENV}, else {@code auth.secretFile}, else
   * {@code auth.secret}; a demo conf falls back to the public demo secret and says so.
   *
   * @throws IllegalStateException when a conf not marked as a demo has no secret
   */
  String secret() {
    String fromEnv = System.getenv(SECRET_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    String file = auth().getString("secretFile");
    if (file != null) {
      try {
        return Files.readString(resolve(file)).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read auth.secretFile " + resolve(file), e);
      }
    }
    String inConf = auth().getString("secret");
    if (inConf != null) {
      return inConf;
    }
    if (demo()) {
      return DEMO_SECRET;
    }
    throw new IllegalStateException("no token secret: set " + SECRET_ENV + ", auth.secretFile"
        + " or auth.secret (at least " + TokenService.MIN_SECRET_LENGTH + " bytes); only a conf"
        + " marked \"demo\": true may start with the demo secret");
  }

  /** Warns, once per node start, that the public demo secret is in use. */
  void warnIfDemoSecret() {
    if (secret().equals(DEMO_SECRET)) {
      LOG.log(System.Logger.Level.WARNING, "this node uses the DEMO token secret of a demo conf:"
          + " anyone can forge tokens. Set " + SECRET_ENV + " (or auth.secretFile) for real use.");
    }
  }

  Path resolve(String path) {
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return p;
    }
    String dir = config.getString("confDir", System.getProperty("taskbus.conf.dir"));
    if (dir == null) {
      dir = Files.isDirectory(Path.of("conf")) ? "conf" : ".";
    }
    return Path.of(dir).resolve(p);
  }

  private JsonObject section(String name) {
    JsonObject section = config.getJsonObject(name);
    return section == null ? new JsonObject() : section;
  }
}
