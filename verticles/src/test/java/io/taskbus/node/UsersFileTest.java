package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.auth.ScramClient;
import io.taskbus.auth.ScramServer;
import io.taskbus.auth.StoredKeys;
import io.taskbus.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

  @TempDir
  Path dir;

  /** A full SCRAM exchange of {@code password} against {@code keys}; true when it holds. */
  static boolean logsIn(StoredKeys keys, String user, String password) {
    ScramClient client = ScramClient.create(user, password);
    ScramServer server = ScramServer.create(ScramServer.ClientFirst.parse(client.clientFirst()),
        keys);
    try {
      client.verifyServerFinal(server.verify(client.clientFinal(server.serverFirst())));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  void setPassword_writesStoredKeysOwnerOnly_keepsTheRestAndTheRolesOnReplace() throws Exception {
    Path file = dir.resolve("users.properties");
    Files.writeString(file, "# mine\nrole.doubler=run:double\n");
    UsersFile.setPassword(file, "dave", "first-pw", 4096, List.of("doubler"));
    UsersFile.setPassword(file, "dave", "second-pw", 4096, null);
    String text = Files.readString(file);
    assertThat(text).startsWith("# mine\nrole.doubler=run:double\n")
        .doesNotContain("first-pw").doesNotContain("second-pw");
    assertThat(text.lines().filter(l -> l.startsWith("user.dave="))).hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    UsersFile users = UsersFile.load(file);
    assertThat(users.permissions("dave")).containsExactly("run:double");
    assertThat(logsIn(users.keys("dave"), "dave", "second-pw")).isTrue();
    assertThat(logsIn(users.keys("dave"), "dave", "first-pw")).isFalse();
  }

  @Test
  void plaintextPassword_ofTheOldFormat_isRefusedWithTheFix() throws Exception {
    Path file = dir.resolve("users.properties");
    Files.writeString(file, "user.eve=eve-password,admin\n");
    assertThatThrownBy(() -> UsersFile.load(file)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'eve'").hasMessageContaining("bin/taskbus passwd eve")
        .hasMessageNotContaining("eve-password");
  }

  @Test
  void userNamesOutsideTheSafeSet_areRefused() {
    assertThatThrownBy(() -> UsersFile.setPassword(dir.resolve("u"), "a=b", "pw", 4096, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shippedDemoFile_logsInTheDemoUsers_withTheirPermissions() {
    UsersFile users = UsersFile.load(TestCluster.home().resolve("conf/users.properties"));
    assertThat(logsIn(users.keys("alice"), "alice", TestCluster.ALICE_PASSWORD)).isTrue();
    assertThat(logsIn(users.keys("bob"), "bob", "bob-demo-password")).isTrue();
    assertThat(logsIn(users.keys("carol"), "carol", "carol-demo-password")).isTrue();
    assertThat(users.permissions("alice")).containsExactly("run:*", "view:*");
    assertThat(users.permissions("bob")).containsExactly("run:double", "run:echo", "view");
    assertThat(users.permissions("carol")).isEmpty();
  }
}
