package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DevCertificatesTest {

  @TempDir
  Path dir;

  /** keytool behind a script that writes down each command line it is given. */
  private Path recordingKeytool(Path argv) throws Exception {
    Path script = dir.resolve("keytool");
    Path real = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + argv + "'\nexec '" + real
        + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void create_keystorePasswordNeverInArgv_privateKeysOwnerOnly() throws Exception {
    Path argv = dir.resolve("argv.txt");
    Path certs = dir.resolve("certs");
    DevCertificates.create(certs, List.of("node"), recordingKeytool(argv));

    List<String> commands = Files.readAllLines(argv);
    assertThat(commands).hasSize(5).allSatisfy(line -> assertThat(line.split(" "))
        .doesNotContain("-storepass", "-keypass", "-srcstorepass", "-deststorepass")
        .contains("-storepass:env"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        certs.resolve("node-key.pem")))).isEqualTo("rw-------");
    assertThat(Files.readString(certs.resolve("node-key.pem")))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(certs.resolve("node-cert.pem")).exists();
    assertThat(certs.resolve("ca.pem")).exists();
  }
}
