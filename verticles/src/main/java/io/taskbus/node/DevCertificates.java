package io.taskbus.node;

import io.taskbus.auth.SecretFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Development certificates for event-bus TLS, made with the JDK's keytool (so nothing but a JDK
 * is needed): a CA, and node certificates it signs for 127.0.0.1 and localhost, written as PEM
 * ({@code ca.pem}, {@code <node>-key.pem}, {@code <node>-cert.pem}). Not for production: use
 * your own CA there. Private keys are created owner-only; keytool's key stores live only in a
 * directory that its owner alone may enter, and are deleted when done.
 */
public final class DevCertificates {

  private static final int VALIDITY_DAYS = 365;
  /** keytool reads the stores' password from here: never from its argv, which others can see. */
  private static final String PASSWORD_ENV = "TASKBUS_KEYTOOL_STOREPASS";

  private final Path dir;
  /** keytool's stores and requests: a directory only the owner may enter. */
  private final Path work;
  private final String storePassword = UUID.randomUUID().toString();
  private final Path keytool;

  private DevCertificates(Path dir, Path work, Path keytool) {
    this.dir = dir;
    this.work = work;
    this.keytool = keytool;
  }

  /** Makes a CA in {@code dir} and a key and certificate for each node name. */
  public static void create(Path dir, List<String> nodes) throws IOException {
    create(dir, nodes, Path.of(System.getProperty("java.home"), "bin", "keytool"));
  }

  /** As {@link #create(Path, List)} with the keytool given: tests watch its arguments. */
  static void create(Path dir, List<String> nodes, Path keytool) throws IOException {
    Files.createDirectories(dir);
    Path work = privateDirectory(dir);
    try {
      DevCertificates certs = new DevCertificates(dir, work, keytool);
      certs.makeCa();
      for (String node : nodes) {
        certs.makeNode(node);
      }
    } finally {
      try (Stream<Path> files = Files.list(work)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(work);
    }
  }

  /**
   * keytool writes a store (a private key in it) with the umask's permissions, often readable by
   * all: inside this directory, made owner-only from the start, no other user can open it.
   */
  private static Path privateDirectory(Path dir) throws IOException {
    try {
      return Files.createTempDirectory(dir, ".keytool-", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException noPosix) {
      return Files.createTempDirectory(dir, ".keytool-");
    }
  }

  private void makeCa() throws IOException {
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=taskbus development CA", "-ext", "bc:c", "-validity", days(),
        "-keystore", store("ca"), "-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV);
    keytool("-exportcert", "-rfc", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(),
        "-keystore", store("ca"), "-storepass:env", PASSWORD_ENV);
  }

  private void makeNode(String node) throws IOException {
    Path request = work.resolve(node + ".csr");
    keytool("-genkeypair", "-alias", node, "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=taskbus node " + node, "-validity", days(),
        "-keystore", store(node), "-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV);
    keytool("-certreq", "-alias", node, "-file", request.toString(),
        "-keystore", store(node), "-storepass:env", PASSWORD_ENV);
    keytool("-gencert", "-rfc", "-alias", "ca", "-infile", request.toString(),
        "-outfile", dir.resolve(node + "-cert.pem").toString(), "-validity", days(),
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth,clientAuth",
        "-keystore", store("ca"), "-storepass:env", PASSWORD_ENV);
    writePrivateKey(node);
    Files.delete(request);
    Files.delete(work.resolve(node + ".p12"));
  }

  /** keytool cannot write a private key as PEM; the KeyStore API reads it out as PKCS#8. */
  private void writePrivateKey(String node) throws IOException {
    try (InputStream in = Files.newInputStream(work.resolve(node + ".p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, storePassword.toCharArray());
      Key key = store.getKey(node, storePassword.toCharArray());
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      Path file = dir.resolve(node + "-key.pem");
      Files.deleteIfExists(file);
      SecretFiles.create(file, pem);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key of " + node + ": " + e.getMessage(), e);
    }
  }

  private String store(String name) {
    return work.resolve(name + ".p12").toString();
  }

  private static String days() {
    return String.valueOf(VALIDITY_DAYS);
  }

  private void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(keytool.toString(), "-noprompt"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(PASSWORD_ENV, storePassword);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + output.strip()
            .replace(storePassword, "***"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
