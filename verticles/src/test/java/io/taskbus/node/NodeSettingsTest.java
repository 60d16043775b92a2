package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void secret_fileWinsOverConf_andPathsResolveAgainstTheConfDir() throws Exception {
    Files.writeString(dir.resolve("secret.txt"), "from-a-file-0123456789\n");
    JsonObject auth = new JsonObject().put("secretFile", "secret.txt")
        .put("secret", "from-the-conf-0123456789");
    assertThat(settings(new JsonObject().put("auth", auth)).secret())
        .isEqualTo("from-a-file-0123456789");
    assertThat(settings(new JsonObject()).usersFile()).isEqualTo(dir.resolve("users.properties"));
  }
}
