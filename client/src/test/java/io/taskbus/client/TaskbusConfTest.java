package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Assumes TASKBUS_PASSWORD is not set in the test environment, as in CI. */
class TaskbusConfTest {

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
}
