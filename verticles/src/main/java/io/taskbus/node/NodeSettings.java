package io.taskbus.node;

import io.taskbus.auth.SecretFiles;
import io.taskbus.auth.TokenKeys;
import io.taskbus.protocol.Addresses;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A node's settings from its verticle config (the conf file's JSON). Relative paths resolve
 * against {@code confDir} in the JSON when present (the CLI sets it), else the system property
 * {@code taskbus.conf.dir}, else {@code ./conf} when it exists, else the working directory.
 */
final class NodeSettings {

  static final String SECRET_ENV = "TASKBUS_SECRET";
  /** The demo confs' signing secret: public, so only for trying taskbus out on loopback. */
  static final String DEMO_SECRET = "taskbus-demo-secret-do-not-use-in-production";
  /** Marks the shipped users file: its passwords are public, so it is kept to loopback. */
  static final String DEMO_USERS_MARKER = "# taskbus-demo-users";

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

  /** A login's absolute lifetime: its tokens are renewed until then, never after. */
  long maxSessionSeconds() {
    return auth().getLong("maxSessionSeconds", 86_400L);
  }

  Path usersFile() {
    return resolve(auth().getString("users", "users.properties"));
  }

  /**
   * The token signing secret: {@value #SECRET_ENV}, else {@code auth.secretFile} (its owner's
   * only), else {@code auth.secret}, of at least {@value SigningSecrets#MIN_BITS} bits; a demo
   * conf falls back to the public demo secret (see {@link DemoGuard}).
   *
   * @throws IllegalStateException when a conf not marked as a demo has no secret, or a weak one
   */
  String secret() {
    String fromEnv = System.getenv(SECRET_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return checked(fromEnv, SECRET_ENV);
    }
    String file = auth().getString("secretFile");
    if (file != null) {
      SecretFiles.checkOwnerOnly(resolve(file), "auth.secretFile");
      return checked(read(file, "auth.secretFile").strip(), "auth.secretFile "
          + resolve(file));
    }
    String inConf = auth().getString("secret");
    if (inConf != null) {
      return checked(inConf, "auth.secret");
    }
    if (demo()) {
      return DEMO_SECRET;
    }
    throw new IllegalStateException("no token secret: set " + SECRET_ENV + ", auth.secretFile"
        + " or auth.secret ('bin/taskbus secret --out FILE' makes one); only a conf marked"
        + " \"demo\": true may start with the demo secret, and only on loopback");
  }

  /** The demo secret is let through here: {@link DemoGuard} keeps it to loopback. */
  private static String checked(String secret, String source) {
    if (!secret.equals(DEMO_SECRET)) {
      SigningSecrets.check(secret, source);
    }
    return secret;
  }

  /**
   * What this node signs or checks tokens with: the secret, and with
   * {@code auth.tokenPublicKeyFile} the Ed25519 public key (then tokens are EdDSA, and only a node given
   * {@code auth.tokenKeyFile}, its owner's only, can issue them).
   */
  TokenKeys tokenKeys() {
    String secret = secret();
    String publicFile = auth().getString("tokenPublicKeyFile");
    String privateFile = auth().getString("tokenKeyFile");
    if (publicFile == null) {
      if (privateFile != null) {
        throw new IllegalStateException("auth.tokenKeyFile needs auth.tokenPublicKeyFile beside"
            + " it ('bin/taskbus secret --token-keys DIR' writes both)");
      }
      return TokenKeys.shared(secret);
    }
    String privateKey = null;
    if (privateFile != null) {
      SecretFiles.checkOwnerOnly(resolve(privateFile), "auth.tokenKeyFile");
      privateKey = read(privateFile, "auth.tokenKeyFile");
    }
    return new TokenKeys(secret, privateKey, read(publicFile, "auth.tokenPublicKeyFile"));
  }

  /** False on a worker node that runs no auth service (its tokens come from other nodes). */
  boolean authService() {
    return auth().getBoolean("service", true);
  }

  /** A file the conf names, read whole. */
  private String read(String file, String name) {
    Path path = resolve(file);
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " " + path, e);
    }
  }

  boolean usesDemoSecret() {
    return secret().equals(DEMO_SECRET);
  }

  /** True for the shipped users file: a line starts with {@value #DEMO_USERS_MARKER}. */
  boolean usesDemoUsers() {
    try (Stream<String> lines = Files.lines(usersFile())) {
      return lines.anyMatch(line -> line.startsWith(DEMO_USERS_MARKER));
    } catch (IOException | UncheckedIOException e) {
      return false; // a missing or unreadable file is the auth service's to report
    }
  }

  /**
   * Checks what a node reads secrets from before it starts: the signing secret (present, strong,
   * its file the owner's only) and, unless it is the public demo file, the users file.
   */
  void checkSecrets() {
    tokenKeys();
    if (authService() && !usesDemoUsers()) {
      SecretFiles.checkOwnerOnly(usersFile(), "auth.users");
    }
  }

  /** Warns, once per node start, that the public demo secret is in use. */
  void warnIfDemoSecret() {
    if (usesDemoSecret()) {
      LOG.log(System.Logger.Level.WARNING, "this node uses the DEMO token secret of a demo conf:"
          + " anyone can forge tokens, so it binds loopback only. Set " + SECRET_ENV
          + " (or auth.secretFile) for real use.");
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
