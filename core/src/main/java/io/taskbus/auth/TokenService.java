package io.taskbus.auth;

import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Issues and checks the signed, expiring tokens (HS256 JWTs) that every task message carries.
 * Every node of a cluster shares the signing secret.
 */
public final class TokenService {

  /** Secrets shorter than this are refused: an HMAC key should not be guessable. */
  public static final int MIN_SECRET_LENGTH = 16;
  private static final String ALGORITHM = "HS256";
  private static final String PERMISSIONS = "permissions";

  /** Tokens whose signature is known good: checking an HMAC on every chunk costs more. */
  static final int SIGNED_REMEMBERED = 1_024;

  private final JWTAuth jwt;
  private final LongSupplier clock;
  private final Map<String, IssuedToken> signed = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IssuedToken> eldest) {
          return size() > SIGNED_REMEMBERED;
        }
      });

  private TokenService(JWTAuth jwt, LongSupplier clock) {
    this.jwt = jwt;
    this.clock = clock;
  }

  public static TokenService create(Vertx vertx, String secret) {
    return create(vertx, secret, System::currentTimeMillis);
  }

  /**
   * @param clock the time in epoch milliseconds by which tokens are issued and expire (tests
   *     pass a clock of their own)
   */
  public static TokenService create(Vertx vertx, String secret, LongSupplier clock) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("the token secret must be at least "
          + MIN_SECRET_LENGTH + " bytes long");
    }
    // the signature is checked by vertx-auth-jwt, the expiry here: on this service's clock,
    // and so that an expired token is told apart from a forged one
    JWTAuthOptions options = new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
        .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setIgnoreExpiration(true));
    return new TokenService(JWTAuth.create(vertx, options), clock);
  }

  /** A token for {@code user} with {@code permissions}, valid for {@code ttlSeconds}. */
  public IssuedToken issue(String user, List<String> permissions, int ttlSeconds) {
    if (ttlSeconds <= 0) {
      throw new IllegalArgumentException("a token's lifetime must be positive, got " + ttlSeconds);
    }
    // the JWT's exp is whole seconds from the issue second: say so, not a later millisecond
    long expiresAt = (clock.getAsLong() / 1000 + ttlSeconds) * 1000L;
    JsonObject claims = new JsonObject().put(PERMISSIONS, new JsonArray(List.copyOf(permissions)))
        .put("exp", expiresAt / 1000);
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm(ALGORITHM)
        .setSubject(user));
    return new IssuedToken(token, expiresAt, user, List.copyOf(permissions));
  }

  /**
   * Checks an {@code authorization} header's token: signature, expiry, and, when {@code task}
   * is not null, the permission to run it. Fails with a {@link ProtocolException} of code
   * {@link ErrorCode#UNAUTHENTICATED}, {@link ErrorCode#TOKEN_EXPIRED} (signed by this cluster,
   * but past its {@code exp}) or {@link ErrorCode#FORBIDDEN}.
   */
  public Future<IssuedToken> verify(String authorization, String task) {
    if (authorization == null || !authorization.startsWith(Headers.BEARER)) {
      return Future.failedFuture(new ProtocolException(ErrorCode.UNAUTHENTICATED,
          "missing bearer token"));
    }
    String token = authorization.substring(Headers.BEARER.length());
    IssuedToken known = signed.get(token);
    if (known != null) { // its signature was checked once: the rest is checked every time
      return check(known, task);
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new ProtocolException(ErrorCode.UNAUTHENTICATED,
            "invalid or expired token")))
        .compose(user -> {
          IssuedToken checked = toToken(token, user);
          if (checked.expiresAt() <= 0) { // a token that never expires is never accepted
            return Future.failedFuture(new ProtocolException(ErrorCode.UNAUTHENTICATED,
                "invalid or expired token"));
          }
          signed.put(token, checked);
          return check(checked, task);
        });
  }

  /** Expiry and permission: what a token's signature cannot vouch for once and for all. */
  private Future<IssuedToken> check(IssuedToken token, String task) {
    if (token.expiresAt() <= clock.getAsLong()) {
      return Future.failedFuture(new ProtocolException(ErrorCode.TOKEN_EXPIRED,
          "the token has expired: renew it"));
    }
    if (task != null && !Permissions.allows(token.permissions(), task)) {
      return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, "user '"
          + token.user() + "' may not run task '" + task + "'"));
    }
    return Future.succeededFuture(token);
  }

  private static IssuedToken toToken(String token, User user) {
    JsonObject principal = user.principal();
    Object perms = principal.getValue(PERMISSIONS);
    List<String> permissions = perms instanceof JsonArray a
        ? a.stream().filter(String.class::isInstance).map(String.class::cast).toList()
        : List.of();
    long exp = user.get("exp") instanceof Number n ? n.longValue() * 1000 : 0;
    return new IssuedToken(token, exp, principal.getString("sub"), permissions);
  }
}
