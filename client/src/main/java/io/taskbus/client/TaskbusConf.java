package io.taskbus.client;

import io.taskbus.auth.SecretFiles;
import io.taskbus.client.impl.ClusterNodes;
import io.taskbus.client.impl.ClusterTaskPool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A node's configuration file ({@code conf/worker.json}, {@code conf/client.json}): relative
 * paths in it are relative to the file. Sections: {@code cluster}, {@code pool}, {@code auth},
 * {@code worker}, {@code job}. The environment variable {@value #PASSWORD_ENV} wins over the
 * pool's password in the file; a file that holds a password must be its owner's only, unless it
 * is a demo conf.
 */
public final class TaskbusConf {

  public static final String PASSWORD_ENV = "TASKBUS_PASSWORD";

  private final JsonObject json;
  private final Path dir;

  private TaskbusConf(JsonObject json, Path dir) {
    this.json = json;
    this.dir = dir;
  }

  /**
   * Reads a conf file; fails with a message naming the file when it is missing or not JSON, or
   * when it holds a password that its group or others may read (unless it is a demo conf).
   *
   * @throws IllegalStateException when a conf not marked demo holds a {@code password} (in any
   *     section) and its group or others have any permission on the file
   */
  public static TaskbusConf load(Path file) {
    TaskbusConf conf;
    try {
      conf = new TaskbusConf(new JsonObject(Files.readString(file)),
          file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read conf file " + file + ": " + e.getMessage(), e);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("conf file " + file + " is not valid JSON: "
          + e.getMessage(), e);
    }
    conf.checkPasswordPrivate(file);
    return conf;
  }

  /**
   * Checked on load, not when the password is taken: a password in a file others can read is
   * exposed whether or not {@value #PASSWORD_ENV} overrides it. The demo confs' are public.
   */
  private void checkPasswordPrivate(Path file) {
    String setting = passwordSetting();
    if (setting == null || demo()) {
      return;
    }
    try {
      SecretFiles.checkOwnerOnly(file, "conf file holding " + setting + ",");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + " (or take the password out of it and"
          + " set " + PASSWORD_ENV + ")", e);
    }
  }

  /** Where the conf holds a password ({@code pool.password}), or null if nowhere. */
  private String passwordSetting() {
    if (isPassword(json.getValue("password"))) {
      return "password";
    }
    for (Map.Entry<String, Object> section : json) {
      if (section.getValue() instanceof JsonObject object
          && isPassword(object.getValue("password"))) {
        return section.getKey() + ".password";
      }
    }
    return null;
  }

  private static boolean isPassword(Object value) {
    return value != null && !"".equals(value);
  }

  /** A conf from JSON, with relative paths resolved against {@code dir}. */
  public static TaskbusConf of(JsonObject json, Path dir) {
    return new TaskbusConf(json.copy(), dir.toAbsolutePath());
  }

  public JsonObject json() {
    return json;
  }

  /** A section of the conf; empty when absent. */
  public JsonObject section(String name) {
    JsonObject section = json.getJsonObject(name);
    return section == null ? new JsonObject() : section;
  }

  public Path resolve(String path) {
    return dir.resolve(path);
  }

  /** True for the shipped demo confs: they start as they are, with demo secrets. */
  public boolean demo() {
    return json.getBoolean("demo", false);
  }

  public String address() {
    return json.getString("address", PoolOptions.DEFAULT_ADDRESS);
  }

  /**
   * The pool options of the {@code pool} section (its {@code address} defaults to the conf's),
   * the password from the environment first.
   */
  public PoolOptions poolOptions() {
    JsonObject pool = section("pool");
    PoolOptions options = new PoolOptions(pool).setAddress(pool.getString("address", address()));
    String password = System.getenv(PASSWORD_ENV);
    if (password != null && !password.isEmpty()) {
      options.setPassword(password);
    }
    return options;
  }

  /**
   * The pool options of the {@code pool} section for {@code user} (null: the section's own
   * user). Its password is {@value #PASSWORD_ENV}, else the section's {@code password} only when
   * the section's {@code username} is {@code user}: one user's password is never sent as
   * another's.
   *
   * @throws IllegalArgumentException when there is no password for {@code user}
   */
  public PoolOptions poolOptions(String user) {
    PoolOptions options = poolOptions();
    if (user == null || user.equals(options.getUsername())) {
      return options;
    }
    String password = System.getenv(PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("no password for user '" + user + "': set "
          + PASSWORD_ENV + " (the conf's pool.password is for its pool.username only)");
    }
    return options.setUsername(user);
  }

  /**
   * Starts a clustered Vert.x node as this conf's {@code cluster} section says.
   *
   * @param member true for a full Hazelcast member (a worker node); false for a lite member,
   *     which holds no cluster data (a client service)
   */
  public Future<Vertx> joinCluster(boolean member) {
    return ClusterNodes.join(this, member);
  }

  /**
   * Joins the cluster as a client and logs in: a service's whole set-up in one call. The pool
   * owns the Vert.x node it started: closing the pool leaves the cluster.
   */
  public Future<TaskPool> connect() {
    return joinCluster(false).compose(vertx -> ClusterTaskPool.connect(vertx, poolOptions(), true)
        .onFailure(e -> vertx.close()));
  }
}
