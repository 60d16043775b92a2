package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.client.AuthenticationException;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.PoolOptions;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Logins and renewals on a virtual clock, against a fake auth service. */
class SessionTokenTest {

  private final VirtualScheduler clock = new VirtualScheduler();
  private final List<JsonObject> requests = new ArrayList<>();
  private final PoolOptions options = new PoolOptions().setUsername("alice").setPassword("pw")
      .setLoginTimeoutMs(1_000);
  private Function<JsonObject, Future<JsonObject>> auth = body -> issue(60_000);
  private int issued;

  private Future<JsonObject> issue(long lifetimeMs) {
    return Future.succeededFuture(TestKeys.loginAnswer("t" + ++issued,
        clock.currentTimeMillis() + lifetimeMs));
  }

  private static Future<JsonObject> noService() {
    return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers"));
  }

  private Future<SessionToken> login() {
    return SessionToken.login(clock, new SessionToken.LoginChannel() {
      @Override
      public Future<JsonObject> login(String username, String password, long timeoutMs) {
        return ask(new JsonObject().put("username", username));
      }

      @Override
      public Future<JsonObject> renew(JsonObject request, long timeoutMs) {
        return ask(request).map(TestKeys::renewalAnswer);
      }
    }, options);
  }

  private Future<JsonObject> ask(JsonObject body) {
    requests.add(body);
    return auth.apply(body);
  }

  @Test
  void token_isRenewedAtFourFifthsOfItsLife_withTheTokenItself() {
    SessionToken session = login().result();
    assertThat(session.bearer()).isEqualTo("Bearer t1");
    clock.advance(47_999);
    assertThat(requests).hasSize(1);
    clock.advance(1);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).getString("renew")).isEqualTo("t1");
    assertThat(io.taskbus.auth.Renewal.proved(requests.get(1), TestKeys.SESSION_KEY))
        .as("proved with the session's key").isTrue();
    assertThat(session.bearer()).isEqualTo("Bearer t2");
  }

  @Test
  void failingRenewals_backOffDoubling_insteadOfLooping() {
    login().result();
    auth = body -> Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 401,
        "refused"));
    clock.advance(48_000); // the renewal (token, then password) fails
    int afterFirst = requests.size();
    clock.advance(60_000); // a minute more: 1 + 2 + 4 + 8 + 16 + 29 s of waits at most
    int attempts = (requests.size() - afterFirst) / 2;
    assertThat(attempts).isBetween(5, 6);
  }

  @Test
  void lifetimeTooShort_failsTheLoginClearly_andLeavesNoTimer() {
    auth = body -> issue(500);
    Throwable error = login().cause();
    assertThat(error).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("lifetime of 500 ms");
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void noAuthService_isAskedAgainUntilTheLoginTimeout_thenFails_leavingNoTimer() {
    auth = body -> noService();
    Future<SessionToken> login = login();
    clock.advance(2_000);
    assertThat(login.cause()).isInstanceOf(NoWorkersException.class);
    assertThat(requests.size()).isBetween(4, 6); // every 200 ms within 1 s
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void close_cancelsTheRenewal() {
    SessionToken session = login().result();
    assertThat(clock.pendingTimers()).isEqualTo(1);
    session.close();
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void tokenRefusedAsExpired_isRenewedOnce_forEveryChunkRefusedWithIt() {
    SessionToken session = login().result();
    clock.advance(20_000);
    String old = session.bearer();
    Future<Void> first = session.refusedAsExpired(old);
    Future<Void> second = session.refusedAsExpired(old);
    assertThat(first.succeeded()).isTrue();
    assertThat(second.succeeded()).isTrue();
    assertThat(requests).hasSize(2);
    assertThat(session.bearer()).isEqualTo("Bearer t2");
    assertThat(session.valid()).isTrue();
  }

  @Test
  void renewalAnswer_notSealedUnderTheSessionKey_isRefused_andThePasswordLoginTakesOver() {
    SessionToken session = login().result();
    clock.advance(20_000);
    auth = body -> body.containsKey("renew") // a fake auth service: it cannot seal
        ? Future.succeededFuture(new JsonObject().put("sealed", "AAAAAAAAAAAAAAAAAAAAAAAA"))
        : issue(60_000);
    Future<Void> renewal = session.refusedAsExpired(session.bearer());
    clock.advance(1_000);
    assertThat(renewal.succeeded()).isTrue();
    assertThat(requests.stream().filter(r -> r.containsKey("username")).count())
        .as("logged in again with the password").isEqualTo(2);
    assertThat(session.bearer()).isEqualTo("Bearer t2");
  }

  @Test
  void loginAnswer_withoutASessionOrAnnouncementKey_failsTheLogin() {
    auth = body -> Future.succeededFuture(TestKeys.loginAnswer("t", clock.currentTimeMillis()
        + 60_000).copy().put("session", (Object) null));
    assertThat(login().cause()).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("session");
    auth = body -> Future.succeededFuture(TestKeys.loginAnswer("t", clock.currentTimeMillis()
        + 60_000).copy().put("announcementKey", "not a key"));
    assertThat(login().cause()).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("announcement key");
  }

  @Test
  void freshTokenRefusedAsExpired_meansTheClocksDisagree() {
    SessionToken session = login().result();
    assertThat(session.refusedAsExpired(session.bearer()).cause())
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("clocks");
  }

  @Test
  void whileTheAuthServiceIsGone_theTokenIsInvalid_untilARenewalSucceeds() {
    SessionToken session = login().result();
    List<Integer> renewed = new ArrayList<>();
    session.addListener(() -> renewed.add(issued));
    clock.advance(20_000);
    auth = body -> noService();
    Future<Void> renewal = session.refusedAsExpired(session.bearer());
    assertThat(session.valid()).isFalse();
    clock.advance(1_000); // with the token, then with the password: a login timeout each
    assertThat(renewal.isComplete()).isFalse();
    clock.advance(1_000);
    assertThat(renewal.failed()).isTrue();
    assertThat(session.valid()).isFalse();
    auth = body -> issue(60_000);
    clock.advance(SessionToken.FIRST_BACKOFF_MS);
    assertThat(session.valid()).isTrue();
    assertThat(renewed).containsExactly(2);
  }
}
