package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assumes TASKBUS_PASSWORD is not set in the test environment, as in CI. */
class TaskbusConfTest {

  private static final String PASSWORD = "s3cret-of-alice-42";

  @TempDir
  Path dir;

  private final TaskbusConf conf = TaskbusConf.of(new JsonObject().put("pool", new JsonObject()
      .put("username", "alice").put("password", "alice-pw")), Path.of("."));

  @BeforeEach
  void noPasswordInTheEnvironment() {
    assumeTrue(System.getenv(TaskbusConf.PASSWORD_ENV) == null);
  }

  @Test
  void poolOptions_anotherUserWithoutAPassword_failsRatherThanSendTheConfsPassword() {
    assertThatThrownBy(() -> conf.poolOptions("bob"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no password for user 'bob': set TASKBUS_PASSWORD (the conf's pool.password"
            + " is for its pool.username only)");
  }

  @Test
  void poolOptions_theConfsOwnUser_keepsItsPassword() {
    assertThat(conf.poolOptions("alice").getPassword()).isEqualTo("alice-pw");
    assertThat(conf.poolOptions(null).getUsername()).isEqualTo("alice");
  }

  private Path confFile(JsonObject json, String mode) throws Exception {
    Path file = Files.writeString(dir.resolve("client.json"), json.encodePrettily());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private static JsonObject withPassword(String section) {
    return new JsonObject().put(section, new JsonObject().put("username", "alice")
        .put("password", PASSWORD));
  }

  @Test
  void load_passwordInAFileOthersMayRead_refusedNamingTheFileAndTheFix() throws Exception {
    Path file = confFile(withPassword("pool"), "rw-r--r--");
    assertThatThrownBy(() -> TaskbusConf.load(file)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("conf file holding pool.password, " + file
            + " is open to its group or others")
        .hasMessageContaining("chmod 600 " + file).hasMessageContaining("TASKBUS_PASSWORD")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void load_passwordInAnySectionOfAFileTheGroupMayRead_refused() throws Exception {
    Path file = confFile(withPassword("cluster"), "rw-r-----");
    assertThatThrownBy(() -> TaskbusConf.load(file)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("conf file holding cluster.password, " + file);
  }

  @Test
  void load_passwordInAnOwnerOnlyFile_accepted() throws Exception {
    Path file = confFile(withPassword("pool"), "rw-------");
    assertThat(TaskbusConf.load(file).poolOptions().getPassword()).isEqualTo(PASSWORD);
  }

  @Test
  void load_demoConfWithItsPublicPasswords_acceptedOthersMayReadIt() throws Exception {
    Path file = confFile(withPassword("pool").put("demo", true), "rw-r--r--");
    assertThat(TaskbusConf.load(file).poolOptions().getPassword()).isEqualTo(PASSWORD);
    Path shipped = Path.of(System.getProperty("taskbus.home", "..")).resolve("conf/client.json");
    assertThat(TaskbusConf.load(shipped).poolOptions().getUsername()).isEqualTo("alice");
  }

  @Test
  void load_confWithoutAPassword_acceptedOthersMayReadIt() throws Exception {
    Path file = confFile(new JsonObject().put("pool", new JsonObject().put("username", "alice")
        .put("password", "")).put("cluster", new JsonObject().put("host", "127.0.0.1")),
        "rw-rw-rw-");
    assertThat(TaskbusConf.load(file).section("cluster").getString("host"))
        .isEqualTo("127.0.0.1");
  }
}
