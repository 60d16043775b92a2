package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private static final long MS = 1_000_000;
  private final LoginThrottle throttle = new LoginThrottle(3, 1_000);

  @Test
  void lockedForMs_afterMaxFailuresInTheWindow_untilTheWindowEnds() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.lockedForMs("eve", i * MS)).isZero();
      throttle.failed("eve", i * MS);
    }
    assertThat(throttle.lockedForMs("eve", 10 * MS)).isEqualTo(990);
    assertThat(throttle.lockedForMs("someone-else", 10 * MS)).isZero();
    assertThat(throttle.lockedForMs("eve", 1_001 * MS)).isZero();
  }

  @Test
  void failuresSpreadWiderThanTheWindow_neverLockOut() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("eve", i * 600 * MS);
      assertThat(throttle.lockedForMs("eve", i * 600 * MS + MS)).isZero();
    }
  }

  @Test
  void success_clearsTheCount() {
    throttle.failed("eve", 0);
    throttle.failed("eve", 0);
    throttle.succeeded("eve");
    throttle.failed("eve", 0);
    assertThat(throttle.lockedForMs("eve", MS)).isZero();
  }

  @Test
  void names_areBoundedToTheMostRecent_theOldestForgottenFirst() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("first", 0);
    }
    assertThat(throttle.lockedForMs("first", MS)).isPositive();
    for (int i = 0; i < LoginThrottle.MAX_NAMES; i++) {
      throttle.failed("user" + i, 0);
    }
    assertThat(throttle.names()).isEqualTo(LoginThrottle.MAX_NAMES);
    assertThat(throttle.lockedForMs("first", MS)).as("evicted: no longer counted").isZero();
    for (int i = 0; i < 3; i++) {
      throttle.failed("last", 0);
    }
    assertThat(throttle.names()).isEqualTo(LoginThrottle.MAX_NAMES);
    assertThat(throttle.lockedForMs("last", MS)).isPositive();
    assertThat(throttle.lockedForMs("user0", MS)).as("the oldest went first").isZero();
  }
}
