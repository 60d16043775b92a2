package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DevCertificatesTest {

  @TempDir
  Path dir;

  /**
   * keytool behind a script that writes down each command line it is given, and in
   * {@code stores.txt} the mode and path of the directory of each key store it is given.
   */
  private Path recordingKeytool(Path argv) throws Exception {
    Path script = dir.resolve("keytool");
    Path real = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path stores = dir.resolve("stores.txt");
    Files.writeString(script, """
        #!/bin/sh
        echo "$@" >> 'ARGV'
        prev=
        for a in "$@"; do
          if [ "$prev" = -keystore ]; then
            d=$(dirname "$a"); echo "$(ls -ld "$d" | cut -c1-10) $d" >> 'STORES'
          fi
          prev=$a
        done
        exec 'KEYTOOL' "$@"
        """.replace("ARGV", argv.toString()).replace("STORES", stores.toString())
        .replace("KEYTOOL", real.toString()));
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

  @Test
  void create_keyStoresOnlyInADirectoryItsOwnerAloneMayEnter_noneLeftBehind() throws Exception {
    Path certs = dir.resolve("certs");
    DevCertificates.create(certs, List.of("node"), recordingKeytool(dir.resolve("argv.txt")));

    List<String> stores = Files.readAllLines(dir.resolve("stores.txt"));
    assertThat(stores).hasSize(5).allSatisfy(line -> {
      assertThat(line).startsWith("drwx------ ");
      assertThat(Path.of(line.substring(11)).getParent()).isEqualTo(certs);
    });
    try (Stream<Path> left = Files.list(certs)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.pem", "node-key.pem", "node-cert.pem");
    }
  }

  @Test
  void create_overAKeyOthersMayRead_itsNewKeyOwnerOnly() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Path key = Files.writeString(certs.resolve("node-key.pem"), "an old key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    DevCertificates.create(certs, List.of("node"), recordingKeytool(dir.resolve("argv.txt")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
  }
}
