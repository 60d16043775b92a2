package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The failed-login counts over a Vert.x async map, on a clock the test moves. */
@Timeout(60)
class LoginThrottleTest {

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_000_000);

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private LoginThrottle throttle(int perName, int total) throws Exception {
    return await(LoginThrottle.create(vertx, perName, total, 1_000, now::get));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }

  private static void fail(LoginThrottle throttle, String user, int times) throws Exception {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      all.add(throttle.failed(user));
    }
    await(Future.all(all));
  }

  @Test
  void check_afterMaxFailuresInTheWindow_locksTheNameUntilTheOldestExpires() throws Exception {
    LoginThrottle throttle = throttle(3, 100);
    fail(throttle, "eve", 3);
    now.addAndGet(10);
    assertThat(await(throttle.check("eve"))).isEqualTo(new LoginThrottle.Wait(990, false));
    assertThat(await(throttle.check("someone-else"))).isEqualTo(LoginThrottle.Wait.NONE);
    now.addAndGet(990);
    assertThat(await(throttle.check("eve"))).isEqualTo(LoginThrottle.Wait.NONE);
  }

  @Test
  void success_clearsTheNamesCount() throws Exception {
    LoginThrottle throttle = throttle(3, 100);
    fail(throttle, "eve", 2);
    await(throttle.succeeded("eve"));
    fail(throttle, "eve", 1);
    assertThat(await(throttle.check("eve"))).isEqualTo(LoginThrottle.Wait.NONE);
  }

  @Test
  void failingTenThousandOtherNames_neverUnlocksALockedName() throws Exception {
    LoginThrottle throttle = throttle(3, 20_000);
    fail(throttle, "alice", 3);
    for (int i = 0; i < 10_000; i += 500) {
      List<Future<Void>> batch = new ArrayList<>();
      for (int j = i; j < i + 500; j++) {
        batch.add(throttle.failed("junk" + j));
      }
      await(Future.all(batch));
    }
    assertThat(await(throttle.check("alice")).ms()).isPositive();
  }

  @Test
  void totalBudgetSpent_makesEveryNameWait_untilTheWindowMoves() throws Exception {
    LoginThrottle throttle = throttle(3, 5);
    for (int i = 0; i < 5; i++) {
      fail(throttle, "junk" + i, 1);
    }
    LoginThrottle.Wait wait = await(throttle.check("alice"));
    assertThat(wait.everyone()).isTrue();
    assertThat(wait.ms()).isEqualTo(1_000);
    now.addAndGet(1_000);
    assertThat(await(throttle.check("alice"))).isEqualTo(LoginThrottle.Wait.NONE);
  }
}
