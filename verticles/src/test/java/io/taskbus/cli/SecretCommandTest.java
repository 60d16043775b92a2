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
}
