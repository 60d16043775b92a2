package io.taskbus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SecretCommandTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int secret(String... args) {
    SecretCommand command = new SecretCommand();
    command.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    return new CommandLine(command).execute(args);
  }

  @Test
  void secretOut_writesA256BitSecretOnlyItsOwnerMayRead_andPrintsNothingSecret()
      throws Exception {
    Path file = dir.resolve("token.secret");
    assertThat(secret("--out", file.toString())).isZero();

    String written = Files.readString(file).strip();
    assertThat(Base64.getDecoder().decode(written)).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(file.toString())
        .doesNotContain(written);
  }

  @Test
  void secretOut_existingFile_neverReplaced() throws Exception {
    Path file = dir.resolve("token.secret");
    Files.writeString(file, "keep me");
    assertThat(secret("--out", file.toString())).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void secret_noOut_printsAFreshOneEachTime() {
    secret();
    secret();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
    assertThat(lines).hasSize(2).doesNotHaveDuplicates();
    assertThat(Base64.getDecoder().decode(lines[0])).hasSize(32);
  }

  @Test
  void tokenKeys_writesAnEd25519PairWhosePrivateHalfOnlyItsOwnerMayRead() throws Exception {
    Path keys = dir.resolve("keys");
    assertThat(secret("--token-keys", keys.toString())).isZero();
    Path key = keys.resolve("token-key.pem");
    Path pub = keys.resolve("token-public.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    String privatePem = Files.readString(key);
    assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(key.toString())
        .doesNotContain(privatePem.lines().skip(1).findFirst().orElseThrow());
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try { // the pair works: what the private key signs, the public key checks
      io.taskbus.auth.TokenService.create(vertx, new io.taskbus.auth.TokenKeys(
          "a-secret-of-enough-length", privatePem, Files.readString(pub)),
          System::currentTimeMillis).issue("alice", java.util.List.of("*"), 60,
          io.taskbus.auth.Session.create(System.currentTimeMillis(), 60_000));
    } finally {
      vertx.close();
    }
    assertThat(secret("--token-keys", keys.toString())).as("never replaced")
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(Files.readString(key)).isEqualTo(privatePem);
  }
}
