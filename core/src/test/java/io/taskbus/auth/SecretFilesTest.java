package io.taskbus.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

  @TempDir
  Path dir;

  @Test
  void create_writesTheTextOwnerOnly() throws Exception {
    Path file = dir.resolve("secret.txt");
    SecretFiles.create(file, "s3cret\n");
    assertThat(Files.readString(file)).isEqualTo("s3cret\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void create_existingFile_neverReplaced() throws Exception {
    Path file = dir.resolve("secret.txt");
    Files.writeString(file, "keep me");
    assertThatThrownBy(() -> SecretFiles.create(file, "new"))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void checkOwnerOnly_groupOrOthersMayUseIt_refusedNamingTheSettingTheFileAndTheFix()
      throws Exception {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, "private");
    for (String open : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw------x"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(open));
      assertThatThrownBy(() -> SecretFiles.checkOwnerOnly(file, "cluster.tls.keyPath"))
          .as(open).isInstanceOf(IllegalStateException.class)
          .hasMessage("cluster.tls.keyPath " + file + " is open to its group or others (" + open
              + "); a file of secrets must be its owner's only: run chmod 600 " + file);
    }
  }

  @Test
  void checkOwnerOnly_ownerOnlyOrMissing_accepted() throws Exception {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, "private");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatCode(() -> SecretFiles.checkOwnerOnly(file, "cluster.tls.keyPath"))
        .doesNotThrowAnyException();
    assertThatCode(() -> SecretFiles.checkOwnerOnly(dir.resolve("missing"), "auth.users"))
        .doesNotThrowAnyException();
  }
}
