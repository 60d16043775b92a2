package io.taskbus.cli;

import io.taskbus.auth.SecretFiles;
import io.taskbus.node.SigningSecrets;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "secret", description = "Make a token signing secret for worker nodes: 32"
    + " random bytes, base64. With --out it goes to a new file only its owner can read"
    + " (rw-------) and nothing secret is printed; else it is printed on stdout.")
final class SecretCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "FILE", description = "a new file to write it to (an"
      + " existing one is never replaced); name it in auth.secretFile")
  Path out;

  /** Where the secret (without --out) or the note (with it) goes; tests catch it. */
  PrintStream stdout = System.out;

  @Override
  public Integer call() throws Exception {
    String secret = SigningSecrets.generate();
    if (out == null) {
      stdout.println(secret);
      return ExitCodes.OK;
    }
    try {
      SecretFiles.create(out, secret + "\n");
    } catch (FileAlreadyExistsException e) {
      System.err.println("taskbus: " + out + " exists; a secret is never replaced in place:"
          + " remove it first, or choose another file");
      return ExitCodes.BAD_INPUT;
    }
    stdout.println("wrote a 256-bit secret to " + out + " (rw-------); give every worker node"
        + " the same one: \"auth\": {\"secretFile\": \"" + out + "\"} in its conf");
    return ExitCodes.OK;
  }
}
