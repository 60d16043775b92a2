package io.taskbus.cli;

import io.taskbus.client.TaskbusConf;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --conf} and {@code --user}, shared by every command. The password is never an option. */
final class CommonOptions {

  @Option(names = "--conf", paramLabel = "FILE",
      description = "conf file (default: conf/worker.json for worker and demo, conf/client.json"
          + " otherwise, in the taskbus directory)")
  Path conf;

  @Option(names = "--user", paramLabel = "NAME",
      description = "log in as NAME (password from the environment variable TASKBUS_PASSWORD;"
          + " the conf's pool.password only for the conf's own pool.username)")
  String user;

  /** The conf file named, or the default one under {@code taskbus.home}. */
  TaskbusConf load(String defaultName) {
    Path file = conf != null ? conf
        : Path.of(System.getProperty("taskbus.home", ".")).resolve("conf").resolve(defaultName);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("conf file not found: " + file);
    }
    return TaskbusConf.load(file);
  }
}
