package io.taskbus.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ProtocolException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private static final Vertx VERTX = Vertx.vertx();
  private static final String SECRET = "a-test-secret-of-enough-length";
  private final TokenService tokens = TokenService.create(VERTX, SECRET);

  private static final long HOUR = 3_600_000;

  private static Session session() {
    return Session.create(System.currentTimeMillis(), HOUR);
  }

  @AfterAll
  static void close() {
    VERTX.close();
  }

  private ErrorCode refusal(String header, String task) {
    try {
      tokens.verify(header, task).await(5, TimeUnit.SECONDS);
    } catch (ProtocolException e) {
      return e.info().code();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("accepted");
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void verify_issuedToken_givesUserAndPermissions() throws Exception {
    IssuedToken issued = tokens.issue("alice", List.of("run:double"), 60, session());
    IssuedToken checked = tokens.verify("Bearer " + issued.token(), "double")
        .await(5, TimeUnit.SECONDS);
    assertThat(checked.user()).isEqualTo("alice");
    assertThat(checked.permissions()).containsExactly("run:double");
    assertThat(checked.expiresAt()).isGreaterThan(System.currentTimeMillis());
  }

  @Test
  void verify_taskWithoutPermission_isForbidden() {
    String header = "Bearer " + tokens.issue("bob", List.of("run:double"), 60, session())
        .token();
    assertThat(refusal(header, "mul")).isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void verify_missingGarbledOrOtherSecretTokens_areUnauthenticated() {
    String other = TokenService.create(VERTX, "another-secret-of-enough-length")
        .issue("alice", List.of("run:*"), 60, session()).token();
    assertThat(refusal(null, "double")).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusal("Basic abc", "double")).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusal("Bearer not.a.jwt", "double")).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusal("Bearer " + other, "double")).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  void verify_tokenPastItsExpiry_isRefusedAsExpired_onlyFromThatSecondOn() throws Exception {
    long[] now = {1_800_000_000_000L};
    TokenService clocked = TokenService.create(VERTX, SECRET, () -> now[0]);
    IssuedToken issued = clocked.issue("alice", List.of("run:*"), 60,
        Session.create(now[0], HOUR));
    assertThat(issued.expiresAt()).isEqualTo(now[0] + 60_000);
    now[0] += 59_999;
    assertThat(clocked.verify("Bearer " + issued.token(), "double").await(5, TimeUnit.SECONDS)
        .user()).isEqualTo("alice");
    now[0] += 1;
    ErrorCode code = null;
    try {
      clocked.verify("Bearer " + issued.token(), "double").await(5, TimeUnit.SECONDS);
    } catch (ProtocolException e) {
      code = e.info().code();
    }
    assertThat(code).isEqualTo(ErrorCode.TOKEN_EXPIRED);
  }

  @Test
  void verify_aTokenSeenBefore_isStillCheckedForExpiryAndPermission() throws Exception {
    long[] now = {1_800_000_000_000L};
    TokenService clocked = TokenService.create(VERTX, SECRET, () -> now[0]);
    String bob = "Bearer " + clocked.issue("bob", List.of("run:double"), 60,
        Session.create(now[0], HOUR)).token();
    assertThat(clocked.verify(bob, "double").await(5, TimeUnit.SECONDS).user()).isEqualTo("bob");
    ErrorCode forbidden = null;
    try {
      clocked.verify(bob, "mul").await(5, TimeUnit.SECONDS);
    } catch (ProtocolException e) {
      forbidden = e.info().code();
    }
    assertThat(forbidden).isEqualTo(ErrorCode.FORBIDDEN);
    now[0] += 60_000;
    ErrorCode expired = null;
    try {
      clocked.verify(bob, "double").await(5, TimeUnit.SECONDS);
    } catch (ProtocolException e) {
      expired = e.info().code();
    }
    assertThat(expired).isEqualTo(ErrorCode.TOKEN_EXPIRED);
  }

  @Test
  void verify_expiredTokenOfAnotherSecret_isUnauthenticated_notExpired() {
    long past = System.currentTimeMillis() - 3_600_000;
    String other = TokenService.create(VERTX, "another-secret-of-enough-length", () -> past)
        .issue("alice", List.of("run:*"), 60, session()).token();
    assertThat(refusal("Bearer " + other, "double")).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  void verify_algNoneOrTamperedPayload_isUnauthenticated() {
    String[] parts = tokens.issue("bob", List.of("run:double"), 60, session()).token()
        .split("\\.");
    String elevated = b64("{\"sub\":\"bob\",\"permissions\":[\"run:*\"],\"exp\":"
        + (System.currentTimeMillis() / 1000 + 60) + "}");
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + elevated + ".";
    assertThat(refusal("Bearer " + none, "mul")).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusal("Bearer " + parts[0] + "." + elevated + "." + parts[2], "mul"))
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  void verify_validlySignedTokenWithoutExpiry_isUnauthenticated() {
    JWTAuth jwt = JWTAuth.create(VERTX, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    String forever = jwt.generateToken(new JsonObject().put("sub", "alice")
        .put("permissions", new JsonArray().add("*")), new JWTOptions().setAlgorithm("HS256"));
    assertThat(refusal("Bearer " + forever, "double")).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThatThrownBy(() -> tokens.issue("alice", List.of(), 0, session()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verify_opensTheSessionKey_whichOnlyTheClustersSecretOpens() throws Exception {
    Session session = session();
    IssuedToken issued = tokens.issue("alice", List.of("*"), 60, session);
    IssuedToken checked = tokens.verify("Bearer " + issued.token(), null)
        .await(5, TimeUnit.SECONDS);
    assertThat(checked.session().id()).isEqualTo(session.id());
    assertThat(checked.session().key()).isEqualTo(session.key());
    assertThat(checked.session().expiresAt()).isEqualTo(session.expiresAt());
    String payload = new String(Base64.getUrlDecoder().decode(issued.token().split("\\.")[1]),
        StandardCharsets.UTF_8);
    assertThat(payload).doesNotContain(Base64.getEncoder().encodeToString(session.key()))
        .contains("\"iss\":\"taskbus-auth\"", "\"aud\":\"taskbus-workers\"", "\"jti\":");
    assertThat(issued.toString()).doesNotContain(issued.token());
  }

  @Test
  void issue_neverPastTheSessionsEnd() {
    long now = System.currentTimeMillis();
    IssuedToken issued = tokens.issue("alice", List.of("*"), 900,
        new Session("s", new byte[32], now + 10_000));
    assertThat(issued.expiresAt()).isLessThanOrEqualTo(now + 10_000);
  }

  @Test
  void verify_signedTokenOfAnotherAudienceOrWithoutASession_isUnauthenticated() {
    JWTAuth jwt = JWTAuth.create(VERTX, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    long exp = System.currentTimeMillis() / 1000 + 60;
    JsonObject claims = new JsonObject().put("sub", "alice").put("exp", exp)
        .put("iss", TokenService.ISSUER).put("aud", TokenService.AUDIENCE)
        .put("permissions", new JsonArray().add("*"));
    String noSession = jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
    assertThat(refusal("Bearer " + noSession, "double")).isEqualTo(ErrorCode.UNAUTHENTICATED);
    String[] parts = tokens.issue("alice", List.of("*"), 60, session()).token().split("\\.");
    JsonObject real = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8));
    String otherAudience = jwt.generateToken(real.copy().put("aud", "someone-else"),
        new JWTOptions().setAlgorithm("HS256"));
    assertThat(refusal("Bearer " + otherAudience, "double"))
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
    String movedKey = jwt.generateToken(real.copy().put("sub", "bob"),
        new JWTOptions().setAlgorithm("HS256"));
    assertThat(refusal("Bearer " + movedKey, "double")).as("a session key opens for its user"
        + " alone").isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  void asymmetricKeys_aWorkerChecksTokensButCannotMintOne() throws Exception {
    String[] pair = TokenKeys.generatePem();
    TokenService auth = TokenService.create(VERTX, new TokenKeys(SECRET, pair[0], pair[1]),
        System::currentTimeMillis);
    TokenService worker = TokenService.create(VERTX, new TokenKeys(SECRET, null, pair[1]),
        System::currentTimeMillis);
    Session session = session();
    IssuedToken issued = auth.issue("alice", List.of("run:double"), 60, session);
    IssuedToken checked = worker.verify("Bearer " + issued.token(), "double")
        .await(5, TimeUnit.SECONDS);
    assertThat(checked.user()).isEqualTo("alice");
    assertThat(checked.session().key()).isEqualTo(session.key());
    assertThatThrownBy(() -> worker.issue("mallory", List.of("*"), 60, session()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot issue");
    // what a worker could make with all it holds: a token under the cluster's secret
    String minted = TokenService.create(VERTX, SECRET)
        .issue("mallory", List.of("*"), 60, session()).token();
    ErrorCode refused = null;
    try {
      worker.verify("Bearer " + minted, "double").await(5, TimeUnit.SECONDS);
    } catch (ProtocolException e) {
      refused = e.info().code();
    }
    assertThat(refused).isEqualTo(ErrorCode.UNAUTHENTICATED);
    String[] other = TokenKeys.generatePem();
    String otherKey = TokenService.create(VERTX, new TokenKeys(SECRET, other[0], other[1]),
        System::currentTimeMillis).issue("alice", List.of("*"), 60, session()).token();
    refused = null;
    try {
      worker.verify("Bearer " + otherKey, "double").await(5, TimeUnit.SECONDS);
    } catch (ProtocolException e) {
      refused = e.info().code();
    }
    assertThat(refused).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(new TokenKeys(SECRET, pair[0], pair[1]).toString()).doesNotContain("KEY");
  }

  @Test
  void create_shortSecret_isRefused() {
    assertThatThrownBy(() -> TokenService.create(VERTX, "short"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
  }

  @Test
  void permissions_starRunStarAndExactTask_allow() {
    assertThat(Permissions.allows(List.of("*"), "x")).isTrue();
    assertThat(Permissions.allows(List.of("run:*"), "x")).isTrue();
    assertThat(Permissions.allows(List.of("run:x"), "x")).isTrue();
    assertThat(Permissions.allows(List.of("run:y", "read:x"), "x")).isFalse();
  }
}
