package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.auth.ScramClient;
import io.taskbus.auth.ScramLogin;
import io.taskbus.client.AuthenticationException;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Logins against hostile members: a rogue node of the cluster (plain public Vert.x API) that
 * consumes {@value Addresses#AUTH} and answers logins itself, replays, floods, and failed logins
 * spread over several auth nodes.
 */
@Timeout(120)
class LoginSecurityTest {

  private static final String ALICE = TestCluster.ALICE_PASSWORD;
  private static final long WAIT_S = 30;

  /** What the rogue received, as text, and how many proofs it got. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  /**
   * A rogue auth service: it answers a client-first with a challenge of its own making, then
   * the proof with a made-up signature and a token.
   */
  private void rogueAuth(Vertx rogue) throws Exception {
    rogue.eventBus().<Object>consumer(Addresses.AUTH, msg -> {
      String first = record(msg).getString("scram");
      String nonce = first.substring(first.indexOf(",r=") + 3) + "rogue";
      msg.<Object>replyAndRequest(new JsonObject().put("sid", "x").put("scram", "r=" + nonce
              + ",s=" + b64(new byte[16]) + ",i=4096"))
          .onSuccess(proof -> {
            record(proof);
            proof.reply(new JsonObject().put("scram", "v=" + b64(new byte[32]))
                .put("sealed", b64(new byte[64])).put("token", "rogue.token.here")
                .put("expiresAt", System.currentTimeMillis() + 600_000));
          });
    }).completion().await(WAIT_S, TimeUnit.SECONDS);
  }

  private JsonObject record(Message<Object> msg) {
    JsonObject body = msg.body() instanceof Buffer b ? new JsonObject(b) : (JsonObject) msg.body();
    seen.add(body.encode());
    return body;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static PoolOptions alice(long loginTimeoutMs) {
    return new PoolOptions().setUsername("alice").setPassword(ALICE)
        .setLoginTimeoutMs(loginTimeoutMs);
  }

  @Test
  void rogueAuthService_alone_cannotLogTheClientIn_andNeverSeesThePassword() throws Exception {
    try (TestCluster cluster = TestCluster.empty()) {
      rogueAuth(cluster.addNode());
      cluster.withClient();
      long start = System.nanoTime();
      assertThatThrownBy(() -> cluster.pool(alice(2_000)))
          .isInstanceOf(AuthenticationException.class).hasMessageContaining("signature");
      assertThat((System.nanoTime() - start) / 1_000_000).as("fails within the login timeout")
          .isLessThan(10_000);
      assertThat(seen).as("the rogue got client-firsts and proofs").hasSizeGreaterThan(1);
      assertThat(String.join("\n", seen)).doesNotContain(ALICE);
    }
  }

  @Test
  void rogueAuthService_besideTheRealOne_neverHandsOutASession_andJobsComplete()
      throws Exception {
    try (TestCluster cluster = TestCluster.start(1)) {
      rogueAuth(cluster.addNode());
      for (int i = 0; i < 6; i++) {
        TaskPool pool = cluster.pool(alice(10_000));
        assertThat(pool.<Integer>map("double", List.of(1, 2, 3))).containsExactly(2, 4, 6);
        pool.close();
      }
      assertThat(seen).as("round robin sent the rogue some logins").isNotEmpty();
      assertThat(String.join("\n", seen)).doesNotContain(ALICE);
    }
  }

  @Test
  void passwords_wrongOneFails_rightOneWorks() throws Exception {
    try (TestCluster cluster = TestCluster.start(1)) {
      EventBus bus = cluster.client().eventBus();
      assertThat(failureCode(() -> login(bus, "bob", "not-bobs-password")))
          .isEqualTo(ErrorCode.UNAUTHENTICATED.toInt());
      assertThat(failureCode(() -> login(bus, "nobody", "x")))
          .isEqualTo(ErrorCode.UNAUTHENTICATED.toInt());
      JsonObject answer = login(bus, "bob", "bob-demo-password");
      assertThat(answer.getString("token")).isNotBlank();
      assertThat(answer.getJsonArray("permissions")).containsExactly("run:double", "run:echo", "view");
    }
  }

  @Test
  void passwordLogin_ofTheOldProtocol_isRefused() throws Exception {
    try (TestCluster cluster = TestCluster.start(1)) {
      assertThat(failureCode(() -> cluster.client().eventBus().request(Addresses.AUTH,
              new JsonObject().put("username", "alice").put("password", ALICE))
          .await(WAIT_S, TimeUnit.SECONDS))).isEqualTo(ErrorCode.UNAUTHENTICATED.toInt());
    }
  }

  @Test
  void clientFinalReplayed_inANewConversation_isRefused() throws Exception {
    try (TestCluster cluster = TestCluster.start(1)) {
      EventBus bus = cluster.client().eventBus();
      ScramClient client = ScramClient.create("alice", ALICE);
      String clientFirst = client.clientFirst();
      Message<JsonObject> challenge = challenge(bus, clientFirst);
      String captured = client.clientFinal(challenge.body().getString("scram"));
      Message<JsonObject> last = challenge.<JsonObject>replyAndRequest(new JsonObject()
          .put("sid", challenge.body().getString("sid")).put("scram", captured))
          .await(WAIT_S, TimeUnit.SECONDS);
      client.verifyServerFinal(last.body().getString("scram"));

      Message<JsonObject> again = challenge(bus, clientFirst);
      assertThat(failureCode(() -> again.replyAndRequest(new JsonObject()
          .put("sid", again.body().getString("sid")).put("scram", captured))
          .await(WAIT_S, TimeUnit.SECONDS))).isEqualTo(ErrorCode.UNAUTHENTICATED.toInt());
    }
  }

  @Test
  void failedLogins_spreadOverTwoAuthNodes_lockTheNameOnBoth() throws Exception {
    try (TestCluster cluster = TestCluster.start(2)) {
      EventBus bus = cluster.client().eventBus();
      for (int i = 0; i < AuthVerticle.DEFAULT_MAX_FAILED_LOGINS; i++) {
        assertThat(failureCode(() -> login(bus, "carol", "guess"))).isEqualTo(401);
      }
      for (int i = 0; i < 2; i++) { // round robin: each auth node answers one
        assertThat(failureCode(() -> login(bus, "carol", "carol-demo-password")))
            .isEqualTo(ErrorCode.RATE_LIMITED.toInt());
      }
    }
  }

  @Test
  void floodOfUnansweredChallenges_isBounded_andAnAnsweredOneFreesItsPlace() throws Exception {
    try (TestCluster cluster = TestCluster.empty(
        conf -> conf.getJsonObject("auth").put("maxPendingLogins", 20))) {
      cluster.addWorkerNode();
      cluster.withClient();
      EventBus bus = cluster.client().eventBus();
      List<Message<JsonObject>> open = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        open.add(challenge(bus, ScramClient.create("junk" + i, "x").clientFirst()));
      }
      String next = ScramClient.create("alice", ALICE).clientFirst();
      assertThat(failureCode(() -> challenge(bus, next)))
          .isEqualTo(ErrorCode.RATE_LIMITED.toInt());
      assertThat(failureCode(() -> open.get(0).replyAndRequest(new JsonObject()
          .put("sid", open.get(0).body().getString("sid")).put("scram", "c=biws,r=x,p=eA=="))
          .await(WAIT_S, TimeUnit.SECONDS))).isEqualTo(401);
      assertThat(challenge(bus, next).body().getString("scram")).startsWith("r=");
    }
  }

  private static Message<JsonObject> challenge(EventBus bus, String clientFirst)
      throws Exception {
    return bus.<JsonObject>request(Addresses.AUTH, new JsonObject().put("scram", clientFirst))
        .await(WAIT_S, TimeUnit.SECONDS);
  }

  private static JsonObject login(EventBus bus, String user, String password)
      throws Exception {
    return ScramLogin.login(bus, Addresses.AUTH, user, password, 10_000)
        .await(WAIT_S, TimeUnit.SECONDS);
  }

  private interface Call {
    void run() throws Exception;
  }

  /** The failure code of the auth service's refusal; fails the test when there is none. */
  private static int failureCode(Call call) {
    try {
      call.run();
    } catch (ReplyException e) {
      return e.failureCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("not refused");
  }
}
