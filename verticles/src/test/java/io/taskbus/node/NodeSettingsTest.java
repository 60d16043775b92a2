package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.auth.SecretFiles;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assumes TASKBUS_SECRET is not set in the test environment, as in CI. */
class NodeSettingsTest {

  @TempDir
  Path dir;

  private NodeSettings settings(JsonObject conf) {
    return new NodeSettings(conf.put("confDir", dir.toString()));
  }

  @Test
  void secret_realConfWithoutOne_refusesToStart() {
    assertThatThrownBy(() -> settings(new JsonObject()).secret())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("TASKBUS_SECRET");
  }

  @Test
  void secret_demoConfWithoutOne_usesTheDemoSecret() {
    assertThat(settings(new JsonObject().put("demo", true)).secret())
        .isEqualTo(NodeSettings.DEMO_SECRET);
  }

  private static final String STRONG = SigningSecrets.generate();

  @Test
  void secret_fileWinsOverConf_andPathsResolveAgainstTheConfDir() throws Exception {
    SecretFiles.create(dir.resolve("secret.txt"), STRONG + "\n");
    JsonObject auth = new JsonObject().put("secretFile", "secret.txt")
        .put("secret", SigningSecrets.generate());
    assertThat(settings(new JsonObject().put("auth", auth)).secret()).isEqualTo(STRONG);
    assertThat(settings(new JsonObject()).usersFile()).isEqualTo(dir.resolve("users.properties"));
  }

  @Test
  void secret_under256Bits_refusedWithoutShowingIt() {
    String weak = "0123456789abcdef0123456789abcdef"; // 32 hex digits: 128 bits
    assertThatThrownBy(() -> settings(new JsonObject().put("auth", new JsonObject()
        .put("secret", weak))).secret()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("auth.secret holds at most 128 bits, fewer than 256")
        .hasMessageContaining("bin/taskbus secret").hasMessageNotContaining(weak);
  }

  @Test
  void bits_hexAndBase64CountWhatTheyDecodeTo_otherTextItsBytes() {
    assertThat(SigningSecrets.bits("ab".repeat(32))).isEqualTo(256);
    assertThat(SigningSecrets.bits(STRONG)).isEqualTo(256);
    assertThat(SigningSecrets.bits("a-process-test-secret-0123456789")).isEqualTo(192);
    assertThat(SigningSecrets.bits("a process test secret, 32 bytes!")).isEqualTo(256);
    assertThat(STRONG).hasSize(44);
  }

  @Test
  void secret_fileOthersMayRead_refusedNamingTheFileAndTheFix() throws Exception {
    Path file = dir.resolve("secret.txt");
    Files.writeString(file, STRONG);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> settings(new JsonObject().put("auth", new JsonObject()
        .put("secretFile", "secret.txt"))).secret()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("auth.secretFile " + file + " is open to its group or others")
        .hasMessageContaining("chmod 600 " + file).hasMessageNotContaining(STRONG);
  }

  @Test
  void checkSecrets_ownUsersFileOthersMayRead_refused_theDemoOneOnlyKeptToLoopback()
      throws Exception {
    Path users = dir.resolve("users.properties");
    Files.writeString(users, "user.dave=x\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-rw----"));
    JsonObject conf = new JsonObject().put("auth", new JsonObject().put("secret", STRONG));
    assertThatThrownBy(() -> settings(conf).checkSecrets())
        .hasMessageContaining("auth.users " + users + " is open to its group or others");

    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    settings(conf).checkSecrets();
    assertThat(settings(conf).usesDemoUsers()).isFalse();

    Files.writeString(users, NodeSettings.DEMO_USERS_MARKER + "\nuser.dave=x\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
    settings(conf).checkSecrets();
    assertThat(settings(conf).usesDemoUsers()).isTrue();
  }

  @Test
  void tokenKeys_privateKeyOthersMayRead_orWithoutItsPublicKey_refused() throws Exception {
    String[] pair = io.taskbus.auth.TokenKeys.generatePem();
    Files.writeString(dir.resolve("key.pem"), pair[0]);
    Files.setPosixFilePermissions(dir.resolve("key.pem"),
        PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(dir.resolve("public.pem"), pair[1]);
    JsonObject auth = new JsonObject().put("secret", STRONG).put("tokenKeyFile", "key.pem");
    assertThatThrownBy(() -> settings(new JsonObject().put("auth", auth.copy())).tokenKeys())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tokenPublicKeyFile");
    auth.put("tokenPublicKeyFile", "public.pem");
    assertThatThrownBy(() -> settings(new JsonObject().put("auth", auth.copy())).tokenKeys())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("auth.tokenKeyFile")
        .hasMessageNotContaining(pair[0].lines().skip(1).findFirst().orElseThrow());
    Files.setPosixFilePermissions(dir.resolve("key.pem"),
        PosixFilePermissions.fromString("rw-------"));
    assertThat(settings(new JsonObject().put("auth", auth.copy())).tokenKeys().asymmetric())
        .isTrue();
    assertThat(settings(new JsonObject().put("auth", new JsonObject().put("secret", STRONG)))
        .tokenKeys().asymmetric()).as("the secret alone: HS256").isFalse();
  }
}
