package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.auth.ClusterKeys;
import io.taskbus.auth.Scram;
import io.taskbus.auth.ScramLogin;
import io.taskbus.auth.ScramServer;
import io.taskbus.auth.StoredKeys;
import io.taskbus.protocol.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A login answered with a reply the pool cannot use fails with a clear error, at once. */
@Timeout(60)
class LoginReplyTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** An auth service that holds alice's keys (password "pw") and seals {@code reply}. */
  private void authAnswers(JsonObject reply) {
    StoredKeys keys = StoredKeys.derive("pw", Scram.MIN_ITERATIONS);
    MessageConsumer<JsonObject> auth = vertx.eventBus().consumer(Addresses.AUTH, msg -> {
      ScramServer server = ScramServer.create(ScramServer.ClientFirst.parse(
          msg.body().getString(ScramLogin.SCRAM)), keys);
      msg.<JsonObject>replyAndRequest(new JsonObject().put(ScramLogin.CONVERSATION, "1")
          .put(ScramLogin.SCRAM, server.serverFirst())).onSuccess(last -> last.reply(
              new JsonObject().put(ScramLogin.SCRAM, server.verify(last.body()
                  .getString(ScramLogin.SCRAM))).put(ScramLogin.SEALED,
                  server.seal(reply.encode()))));
    });
    auth.completion().await();
  }

  /** A login answer a pool can use: a token, its lifetime, its session, the workers' key. */
  private static JsonObject good() {
    return new JsonObject().put("token", "a.b.c")
        .put("expiresAt", System.currentTimeMillis() + 60_000)
        .put("session", new JsonObject().put("id", "s1")
            .put("key", Base64.getEncoder().encodeToString(new byte[32]))
            .put("expiresAt", System.currentTimeMillis() + 600_000))
        .put("announcementKey", ClusterKeys.of("a-cluster-secret-of-enough-length")
            .announcementKey());
  }

  private Throwable connectFailure() {
    PoolOptions options = new PoolOptions().setUsername("alice").setPassword("pw")
        .setLoginTimeoutMs(2_000);
    try {
      TaskPool.connect(vertx, options).await(10, TimeUnit.SECONDS);
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("connected");
  }

  @Test
  void loginReplyWithoutExpiresAt_failsTheLoginClearly() {
    JsonObject reply = good();
    reply.remove("expiresAt");
    authAnswers(reply);
    assertThat(connectFailure()).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("expiresAt");
  }

  @Test
  void loginReplyWithAnExpiredLifetime_failsTheLoginClearly() {
    authAnswers(good().put("expiresAt", System.currentTimeMillis() - 1_000));
    assertThat(connectFailure()).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("lifetime");
  }

  @Test
  void loginReplyWithoutAToken_failsTheLoginClearly() {
    JsonObject reply = good();
    reply.remove("token");
    authAnswers(reply);
    assertThat(connectFailure()).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("token");
  }

  @Test
  void loginReplyWithoutASession_failsTheLoginClearly() {
    JsonObject reply = good();
    reply.remove("session");
    authAnswers(reply);
    assertThat(connectFailure()).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("session");
  }

  @Test
  void sealedReplyThatIsGood_logsIn() throws Exception {
    authAnswers(good());
    TaskPool.connect(vertx, new PoolOptions().setUsername("alice").setPassword("pw"))
        .await(10, TimeUnit.SECONDS).close();
  }

  @Test
  void loginReplyThatIsNotAnObject_failsTheLoginClearly() {
    vertx.eventBus().consumer(Addresses.AUTH, msg -> msg.reply("hello")).completion().await();
    assertThatThrownBy(() -> TaskPool.connect(vertx, new PoolOptions().setUsername("alice")
        .setPassword("pw")).await(10, TimeUnit.SECONDS))
        .isInstanceOf(AuthenticationException.class);
  }
}
