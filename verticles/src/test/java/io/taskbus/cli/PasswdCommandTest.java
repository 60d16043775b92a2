package io.taskbus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswdCommandTest {

  @TempDir
  Path dir;

  @Test
  void passwd_readsThePasswordFromStdin_andWritesOnlyStoredKeys() throws Exception {
    assumeTrue(System.getenv(PasswdCommand.PASSWORD_ENV) == null, "the env var would win");
    Path file = dir.resolve("users.properties");
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("dave-secret\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(TaskbusCli.commandLine().execute("passwd", "dave", "--role", "admin",
          "--file", file.toString())).isZero();
    } finally {
      System.setIn(stdin);
    }
    String text = Files.readString(file);
    assertThat(text).startsWith("user.dave=scram-sha-256:4096:").endsWith(",admin\n")
        .doesNotContain("dave-secret");
  }

  @Test
  void passwd_takesNoPasswordOption() {
    assertThat(TaskbusCli.commandLine().execute("passwd", "dave", "--password", "x",
        "--file", dir.resolve("u").toString())).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(dir.resolve("u")).doesNotExist();
  }
}
