package io.taskbus.bench;

import io.taskbus.client.TaskbusConf;
import io.taskbus.client.impl.ClusterNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The benchmark's cluster on loopback, with a name and ports of its own: worker JVMs started
 * and stopped between scenarios, and client JVMs for the sharing scenario. Every JVM runs this
 * JVM's class path with the flags {@code bin/taskbus} passes.
 */
final class BenchCluster implements AutoCloseable {

  /** Hazelcast ports: room for 2 workers, this client and 4 client JVMs, and spares. */
  static final int PORTS = 10;
  private static final long UP_TIMEOUT_S = 120;

  private final Path home;
  private final Path dir;
  private final JsonObject cluster;
  private final List<Process> workers = new ArrayList<>();
  private final List<Process> others = new ArrayList<>();
  private int started;

  BenchCluster(Path home, Path dir) {
    this.home = home;
    this.dir = dir;
    int base = ClusterNodes.freeLoopbackPorts(PORTS);
    JsonArray members = new JsonArray();
    for (int i = 0; i < PORTS; i++) {
      members.add("127.0.0.1:" + (base + i));
    }
    this.cluster = new JsonObject().put("name", "taskbus-bench-" + UUID.randomUUID())
        .put("port", base).put("portCount", PORTS).put("members", members)
        .put("host", "127.0.0.1");
  }

  /** The shipped worker conf, on this cluster, changed by {@code tweak}. */
  private JsonObject workerConf(Consumer<JsonObject> tweak) {
    JsonObject conf = TaskbusConf.load(home.resolve("conf/worker.json")).json().copy();
    conf.put("cluster", cluster.copy()).put("confDir", home.resolve("conf").toString());
    tweak.accept(conf);
    return conf;
  }

  /** The shipped client conf (alice's login) on this cluster. */
  TaskbusConf clientConf() {
    JsonObject conf = TaskbusConf.load(home.resolve("conf/client.json")).json().copy();
    conf.put("cluster", cluster.copy()).put("confDir", home.resolve("conf").toString());
    return TaskbusConf.of(conf, home.resolve("conf"));
  }

  Path clientConfFile() throws IOException {
    Path file = dir.resolve("client.json");
    Files.writeString(file, clientConf().json().encodePrettily());
    return file;
  }

  /** Starts a worker JVM per tweak, each its {@code worker} section changed; waits until up. */
  @SafeVarargs
  final void startWorkers(Consumer<JsonObject>... tweaks) throws Exception {
    List<Consumer<JsonObject>> confs = new ArrayList<>();
    for (Consumer<JsonObject> tweak : tweaks) {
      confs.add(conf -> tweak.accept(conf.getJsonObject("worker")));
    }
    startNodes(confs);
  }

  /** Starts a worker JVM per tweak, each its whole conf changed; waits until up. */
  void startNodes(List<Consumer<JsonObject>> tweaks) throws Exception {
    List<String> names = new ArrayList<>();
    for (Consumer<JsonObject> tweak : tweaks) {
      String name = "worker-" + ++started;
      Path conf = dir.resolve(name + ".json");
      Files.writeString(conf, workerConf(tweak).encodePrettily());
      workers.add(start(name, BenchWorker.class, workerJvmArgs(name), conf.toString()));
      names.add(name);
    }
    for (String name : names) {
      awaitLine(name, "bench worker up");
    }
  }

  /** Extra JVM options for workers, e.g. to record a profile: {@code -Dbench.workerJvmArgs}. */
  private static List<String> workerJvmArgs(String name) {
    return jvmArgs("bench.workerJvmArgs", name);
  }

  /** Extra JVM options for client JVMs: {@code -Dbench.clientJvmArgs}. */
  static List<String> clientJvmArgs(String name) {
    return jvmArgs("bench.clientJvmArgs", name);
  }

  private static List<String> jvmArgs(String property, String name) {
    String args = System.getProperty(property, "").replace("{name}", name).strip();
    return args.isEmpty() ? List.of() : List.of(args.split("\\s+"));
  }

  /** Stops the worker JVMs (SIGTERM: they drain and leave) and waits for them. */
  void stopWorkers() throws InterruptedException {
    for (Process worker : workers) {
      worker.destroy();
    }
    for (Process worker : workers) {
      if (!worker.waitFor(60, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
    workers.clear();
  }

  /** Starts a JVM running {@code main} with this JVM's class path; output in DIR/NAME.out/.err. */
  Process start(String name, Class<?> main, List<String> jvmArgs, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Djava.net.preferIPv4Stack=true", "-Dtaskbus.home=" + home,
        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
        "-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"),
        "-Dhazelcast.logging.type=slf4j",
        "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
    command.addAll(jvmArgs);
    command.add(main.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(home.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile()).start();
    others.add(process);
    return process;
  }

  /** Waits (bounded) until the JVM started as {@code name} printed {@code text}. */
  void awaitLine(String name, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(UP_TIMEOUT_S);
    while (!read(name + ".err").contains(text) && !read(name + ".out").contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not print '" + text + "'; stderr:\n"
            + read(name + ".err"));
      }
      Thread.sleep(50); // polling a child's log file: there is no event to wait on
    }
  }

  String read(String file) throws IOException {
    Path path = dir.resolve(file);
    return Files.exists(path) ? Files.readString(path) : "";
  }

  @Override
  public void close() {
    others.forEach(Process::destroyForcibly);
  }
}
