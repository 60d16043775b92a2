package io.taskbus.testing;

import static org.awaitility.Awaitility.await;

import io.taskbus.client.TaskbusConf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Worker nodes as separate JVMs, started as a user starts them, on a cluster name and ports of
 * their own: the shipped confs, rewritten into a temporary folder.
 */
public final class ProcessCluster implements AutoCloseable {

  public static final Path HOME = TestCluster.home();
  public static final long RUN_TIMEOUT_S = 90;

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> byName = new java.util.HashMap<>();
  private int runs;

  /** What a finished command printed and how it exited. */
  public record Run(int exit, String out, String err) {
  }

  public ProcessCluster(Path dir, int poolSize) throws IOException {
    this.dir = dir;
    writeConfs(poolSize);
  }

  public Path dir() {
    return dir;
  }

  /** The client conf (alice's login, a starmap job) as a {@link TaskbusConf}. */
  public TaskbusConf clientConf() {
    return TaskbusConf.load(dir.resolve("client.json"));
  }

  private void writeConfs(int poolSize) throws IOException {
    JsonObject cluster = TestCluster.freshConf().getJsonObject("cluster");
    int base = cluster.getInteger("port");
    String xml = Files.readString(HOME.resolve("conf/cluster.xml"))
        .replace("<cluster-name>taskbus</cluster-name>",
            "<cluster-name>" + cluster.getString("name") + "</cluster-name>")
        .replace(">5801</port>", ">" + base + "</port>");
    for (int i = 0; i < TestCluster.PORTS; i++) {
      xml = xml.replace("127.0.0.1:" + (5801 + i) + "<", "127.0.0.1:" + (base + i) + "<");
    }
    Files.writeString(dir.resolve("cluster.xml"), xml);
    JsonObject worker = new JsonObject().put("demo", true)
        .put("cluster", new JsonObject().put("config", dir.resolve("cluster.xml").toString()))
        .put("auth", new JsonObject().put("users", HOME.resolve("conf/users.properties")
            .toString()))
        .put("worker", new JsonObject().put("poolSize", poolSize).put("announceIntervalMs", 300));
    Files.writeString(dir.resolve("worker.json"), worker.encodePrettily());
    JsonObject client = worker.copy().put("pool", new JsonObject().put("username", "alice")
        .put("password", TestCluster.ALICE_PASSWORD)).put("job", new JsonObject()
        .put("kind", "starmap").put("task", "mul").put("args", new JsonArray("[[1,4],[2,5],[3,6]]")));
    Files.writeString(dir.resolve("client.json"), client.encodePrettily());
  }

  /** {@code bin/taskbus worker}, with the test tasks on its class path; waits until it is up. */
  public Process startWorker(String name) throws Exception {
    Process process = launchWorker(name);
    awaitOutput(name, "worker node up");
    return process;
  }

  /** {@code bin/taskbus worker}, with the test tasks on its class path; does not wait. */
  public Process launchWorker(String name) throws IOException {
    return start(List.of(HOME.resolve("bin/taskbus").toString(), "worker", "--conf",
        dir.resolve("worker.json").toString()), name,
        Map.of("TASKBUS_CLASSPATH", HOME.resolve("verticles/target/test-classes").toString()));
  }

  /** True once the worker started as {@code name} said it is up. */
  public boolean isUp(String name) throws IOException {
    return read(name + ".err").contains("worker node up");
  }

  /** Waits until a started process printed {@code text} on stdout or stderr. */
  public void awaitOutput(String name, String text) {
    await().atMost(Duration.ofSeconds(RUN_TIMEOUT_S)).pollInterval(Duration.ofMillis(100))
        .until(() -> read(name + ".err").contains(text) || read(name + ".out").contains(text));
  }

  /** The Vert.x launcher running {@code verticle} clustered, with {@code conf}. */
  public List<String> launcher(String verticle, String conf) throws IOException {
    String cp = HOME.resolve("verticles/target/classes") + File.pathSeparator
        + Files.readString(HOME.resolve("verticles/target/runtime-classpath.txt")).strip();
    return List.of("java", "-cp", cp, "-Djava.net.preferIPv4Stack=true",
        "-Dlogback.configurationFile=" + HOME.resolve("conf/logback.xml"),
        "-Dhazelcast.logging.type=slf4j",
        "-Dvertx.hazelcast.config=" + dir.resolve("cluster.xml"),
        "io.vertx.launcher.application.VertxApplication", verticle, "-cluster",
        "-cluster-host", "127.0.0.1", "-conf", dir.resolve(conf).toString());
  }

  /** A JVM running a test class's main, with the test class path and {@code jvmArgs}. */
  public List<String> testMain(Class<?> main, List<String> jvmArgs, String... args)
      throws IOException {
    String cp = HOME.resolve("verticles/target/test-classes") + File.pathSeparator
        + HOME.resolve("verticles/target/classes") + File.pathSeparator
        + Files.readString(HOME.resolve("verticles/target/runtime-classpath.txt")).strip();
    List<String> command = new ArrayList<>(List.of("java", "-cp", cp,
        "-Djava.net.preferIPv4Stack=true",
        "-Dlogback.configurationFile=" + HOME.resolve("conf/logback.xml"),
        "-Dhazelcast.logging.type=slf4j"));
    command.addAll(jvmArgs);
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** Starts a command in the repository root, its output in {@code <name>.out/.err}. */
  public Process start(List<String> command, String name, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().put("TASKBUS_NO_BUILD", "1");
    builder.environment().remove("TASKBUS_PASSWORD");
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    byName.put(name, process);
    return process;
  }

  /** The process started as {@code name}. */
  public Process startedWorker(String name) {
    return byName.get(name);
  }

  public String read(String file) throws IOException {
    Path path = dir.resolve(file);
    return Files.exists(path) ? Files.readString(path) : "";
  }

  /** Runs a command to its end (bounded) and returns what it printed. */
  public Run run(Map<String, String> env, List<String> command) throws Exception {
    String name = "run-" + (++runs);
    Process process = start(command, name, env);
    if (!process.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish; stderr: " + read(name + ".err"));
    }
    return new Run(process.exitValue(), read(name + ".out").strip(), read(name + ".err"));
  }

  /** {@code bin/taskbus COMMAND --conf client.json ARGS...}. */
  public Run cli(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/taskbus").toString()));
    command.add(args[0]);
    command.addAll(List.of("--conf", dir.resolve("client.json").toString()));
    command.addAll(List.of(args).subList(1, args.length));
    return run(env, command);
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
  }
}
