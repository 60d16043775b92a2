package io.taskbus.cli;

import io.taskbus.auth.SecretFiles;
import io.taskbus.auth.TokenKeys;
import io.taskbus.node.SigningSecrets;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "secret", description = "Make a token signing secret for worker nodes: 32"
    + " random bytes, base64. With --out it goes to a new file only its owner can read"
    + " (rw-------) and nothing secret is printed; else it is printed on stdout. With"
    + " --token-keys DIR it makes an Ed25519 key pair instead, so that only auth nodes can"
    + " issue tokens: DIR/token-key.pem (rw-------, for auth nodes) and"
    + " DIR/token-public.pem (for every node).")
final class SecretCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "FILE", description = "a new file to write it to (an"
      + " existing one is never replaced); name it in auth.secretFile")
  Path out;

  @Option(names = "--token-keys", paramLabel = "DIR", description = "make an Ed25519 token key"
      + " pair in DIR (new files only): auth.tokenKeyFile and auth.tokenPublicKeyFile")
  Path tokenKeys;

  /** Where the secret (without --out) or the note (with it) goes; tests catch it. */
  PrintStream stdout = System.out;

  @Override
  public Integer call() throws Exception {
    if (tokenKeys != null) {
      return writeTokenKeys();
    }
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

  /** The private key first, owner-only from its creation; then its public half. */
  private int writeTokenKeys() throws Exception {
    Path key = tokenKeys.resolve("token-key.pem");
    Path pub = tokenKeys.resolve("token-public.pem");
    if (Files.exists(key) || Files.exists(pub)) {
      System.err.println("taskbus: " + key + " or " + pub + " exists; keys are never replaced"
          + " in place: remove them first, or choose another folder");
      return ExitCodes.BAD_INPUT;
    }
    String[] pair = TokenKeys.generatePem();
    Files.createDirectories(tokenKeys);
    SecretFiles.create(key, pair[0]);
    Files.writeString(pub, pair[1], StandardOpenOption.CREATE_NEW);
    stdout.println("wrote an Ed25519 token key pair: " + key + " (rw-------) for auth nodes"
        + " only, \"auth\": {\"tokenKeyFile\": \"" + key + "\", \"tokenPublicKeyFile\": \""
        + pub + "\"}; and " + pub + " for every worker node, \"auth\": {\"tokenPublicKeyFile\":"
        + " \"" + pub + "\", \"service\": false}");
    return ExitCodes.OK;
  }
}
