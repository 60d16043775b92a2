package io.taskbus.cli;

import io.taskbus.auth.Scram;
import io.taskbus.node.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "passwd", description = "Set a user's password in the users file: SCRAM-SHA-256"
    + " stored keys (salt, iterations, StoredKey, ServerKey), never the password. The password"
    + " comes from TASKBUS_PASSWORD, else from the terminal, else from the first line of stdin.")
final class PasswdCommand implements Callable<Integer> {

  static final String PASSWORD_ENV = "TASKBUS_PASSWORD";

  @Parameters(paramLabel = "USER", description = "the user name (A-Z a-z 0-9 . _ @ -)")
  String user;

  @Option(names = "--file", paramLabel = "FILE", description = "the users file (default:"
      + " conf/users.properties in the taskbus directory); made readable by its owner only")
  Path file;

  @Option(names = "--role", paramLabel = "ROLE", description = "the user's roles (repeatable;"
      + " default: the roles the user has now)")
  List<String> roles;

  @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations"
      + " (default ${DEFAULT-VALUE}, at least 4096)")
  int iterations = Scram.MIN_ITERATIONS;

  @Override
  public Integer call() throws Exception {
    Path target = file != null ? file : Path.of(System.getProperty("taskbus.home", "."))
        .resolve("conf").resolve("users.properties");
    String password = password();
    if (password == null || password.isEmpty()) {
      System.err.println("taskbus: no password: set " + PASSWORD_ENV + " or give it on stdin");
      return ExitCodes.BAD_INPUT;
    }
    UsersFile.setPassword(target, user, password, iterations, roles);
    System.err.println("taskbus: set the password of '" + user + "' in " + target);
    return ExitCodes.OK;
  }

  /** Never from argv: the environment, the terminal (not echoed) or stdin's first line. */
  private static String password() throws Exception {
    String fromEnv = System.getenv(PASSWORD_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("password: ");
      return typed == null ? null : new String(typed);
    }
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        .readLine();
  }
}
