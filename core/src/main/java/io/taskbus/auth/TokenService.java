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
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Issues and checks the signed, expiring tokens (JWTs: HS256 under the cluster's secret, or EdDSA
 * under a private key only auth nodes hold, see {@link TokenKeys}) that every task message carries,
 * each with its issuer, audience and id, its session's id and end, and its session's key sealed
 * so that only the holders of the cluster's secret (workers and auth nodes) can open it. A token
 * alone proves nothing: each message sent with it carries a MAC under that key.
 */
public final class TokenService {

  /** Secrets shorter than this are refused: an HMAC key should not be guessable. */
  public static final int MIN_SECRET_LENGTH = 16;
  private static final String SHARED = "HS256";
  private static final String ASYMMETRIC = "EdDSA";
  /** Who issues tokens, and for whom: a token of anything else is not one for workers. */
  public static final String ISSUER = "taskbus-auth";
  public static final String AUDIENCE = "taskbus-workers";
  private static final String PERMISSIONS = "permissions";
  private static final String SESSION_ID = "sid";
  private static final String SESSION_END = "sxp";
  private static final String SESSION_KEY = "sk";

  /** Tokens whose signature is known good: checking an HMAC on every chunk costs more. */
  static final int SIGNED_REMEMBERED = 1_024;

  private final JWTAuth jwt;
  private final String algorithm;
  /** False on a node that holds the public key alone: it checks tokens but cannot issue one. */
  private final boolean mayIssue;
  private final ClusterKeys keys;
  private final LongSupplier clock;
  private final Map<String, IssuedToken> signed = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IssuedToken> eldest) {
          return size() > SIGNED_REMEMBERED;
        }
      });

  private TokenService(JWTAuth jwt, String algorithm, boolean mayIssue, ClusterKeys keys,
      LongSupplier clock) {
    this.jwt = jwt;
    this.algorithm = algorithm;
    this.mayIssue = mayIssue;
    this.keys = keys;
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
    return create(vertx, TokenKeys.shared(secret), clock);
  }

  /**
   * @param keys the cluster's secret, and the Ed25519 key pair (or its public half) when tokens
   *     are signed by the auth nodes alone
   */
  public static TokenService create(Vertx vertx, TokenKeys keys, LongSupplier clock) {
    String secret = keys.secret();
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("the token secret must be at least "
          + MIN_SECRET_LENGTH + " bytes long");
    }
    // the signature is checked by vertx-auth-jwt, with the one algorithm it has a key for; the
    // expiry here: on this service's clock, and so that an expired token is told apart from a
    // forged one
    String algorithm = keys.asymmetric() ? ASYMMETRIC : SHARED;
    JWTAuthOptions options = new JWTAuthOptions()
        .setJWTOptions(new JWTOptions().setAlgorithm(algorithm).setIgnoreExpiration(true));
    if (keys.asymmetric()) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(ASYMMETRIC)
          .setBuffer(keys.verifyingKey()));
      if (keys.signingKey() != null) {
        options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(ASYMMETRIC)
            .setBuffer(keys.signingKey()));
      }
    } else {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(SHARED).setBuffer(secret));
    }
    return new TokenService(JWTAuth.create(vertx, options), algorithm,
        !keys.asymmetric() || keys.signingKey() != null, ClusterKeys.of(secret), clock);
  }

  /**
   * A token for {@code user} with {@code permissions}, valid for {@code ttlSeconds} but never
   * past its session's end, carrying the session's key sealed for the workers.
   */
  public IssuedToken issue(String user, List<String> permissions, int ttlSeconds,
      Session session) {
    if (ttlSeconds <= 0) {
      throw new IllegalArgumentException("a token's lifetime must be positive, got " + ttlSeconds);
    }
    if (!mayIssue) {
      throw new IllegalStateException("this node holds the token verifying key only: it checks"
          + " tokens but cannot issue them (auth.tokenKeyFile is for auth nodes)");
    }
    long now = clock.getAsLong();
    // the JWT's exp is whole seconds: say so, not a later millisecond
    long expSeconds = Math.min(now / 1000 + ttlSeconds, session.expiresAt() / 1000);
    JsonObject claims = new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE)
        .put("jti", UUID.randomUUID().toString()).put("sub", user).put("iat", now / 1000)
        .put("exp", expSeconds).put(PERMISSIONS, new JsonArray(List.copyOf(permissions)))
        .put(SESSION_ID, session.id()).put(SESSION_END, session.expiresAt())
        .put(SESSION_KEY, Sealed.seal(keys.sealKey(), session.key(), sealContext(session.id(),
            user)));
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm(algorithm)
        .setNoTimestamp(true));
    return new IssuedToken(token, expSeconds * 1000, user, List.copyOf(permissions), session);
  }

  /** The keys derived from the cluster's secret. */
  public ClusterKeys keys() {
    return keys;
  }

  /**
   * Checks an {@code authorization} header's token: signature, expiry, and, when {@code task}
   * is not null, the permission to run it. Fails with a {@link ProtocolException} of code
   * {@link ErrorCode#UNAUTHENTICATED}, {@link ErrorCode#TOKEN_EXPIRED} (signed by this cluster,
   * but past its {@code exp}) or {@link ErrorCode#FORBIDDEN}.
   */
  public Future<IssuedToken> verify(String authorization, String task) {
    return authenticate(authorization).compose(token -> {
      try {
        check(token, task);
        return Future.succeededFuture(token);
      } catch (ProtocolException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /**
   * A token signed by this cluster's auth service for its workers, with its session opened;
   * whether it has expired, or allows a task, is {@link #check}'s to say. Fails with a
   * {@link ProtocolException} of code {@link ErrorCode#UNAUTHENTICATED}.
   */
  public Future<IssuedToken> authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith(Headers.BEARER)) {
      return Future.failedFuture(new ProtocolException(ErrorCode.UNAUTHENTICATED,
          "missing bearer token"));
    }
    String token = authorization.substring(Headers.BEARER.length());
    IssuedToken known = signed.get(token);
    if (known != null) { // its signature was checked once, its session opened
      return Future.succeededFuture(known);
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(invalid()))
        .compose(user -> {
          IssuedToken checked = toToken(token, user);
          if (checked == null) {
            return Future.failedFuture(invalid());
          }
          signed.put(token, checked);
          return Future.succeededFuture(checked);
        });
  }

  /**
   * What a token's signature cannot vouch for once and for all: its expiry, and the permission
   * for {@code task} (none is needed when it is null).
   *
   * @throws ProtocolException {@link ErrorCode#TOKEN_EXPIRED} or {@link ErrorCode#FORBIDDEN}
   */
  public void check(IssuedToken token, String task) {
    if (token.expiresAt() <= clock.getAsLong()) {
      throw new ProtocolException(ErrorCode.TOKEN_EXPIRED, "the token has expired: renew it");
    }
    if (task != null && !Permissions.allows(token.permissions(), task)) {
      throw new ProtocolException(ErrorCode.FORBIDDEN, "user '" + token.user()
          + "' may not run task '" + task + "'");
    }
  }

  private static ProtocolException invalid() {
    return new ProtocolException(ErrorCode.UNAUTHENTICATED, "invalid token");
  }

  /**
   * What a signed token says, or null when it is not one of this cluster's tokens for workers:
   * another issuer or audience, no expiry, or a session key that does not open.
   */
  private IssuedToken toToken(String token, User user) {
    JsonObject claims = user.principal();
    // vertx-auth-jwt moves exp from the claims to the user's attributes
    long exp = user.get("exp") instanceof Number n ? n.longValue() * 1000 : 0;
    if (!ISSUER.equals(claims.getValue("iss")) || !AUDIENCE.equals(claims.getValue("aud"))
        || exp <= 0 || !(claims.getValue("sub") instanceof String sub)
        || !(claims.getValue(SESSION_ID) instanceof String sid)
        || !(claims.getValue(SESSION_END) instanceof Number end)
        || !(claims.getValue(SESSION_KEY) instanceof String sealedKey)) {
      return null;
    }
    byte[] key;
    try {
      key = Sealed.open(keys.sealKey(), sealedKey, sealContext(sid, sub));
    } catch (IllegalArgumentException e) {
      return null;
    }
    Object perms = claims.getValue(PERMISSIONS);
    List<String> permissions = perms instanceof JsonArray a
        ? a.stream().filter(String.class::isInstance).map(String.class::cast).toList()
        : List.of();
    return new IssuedToken(token, exp, sub, permissions,
        new Session(sid, key, end.longValue()));
  }

  /** A session key is sealed for its session and user: it opens in no other token. */
  private static String sealContext(String sessionId, String user) {
    return "taskbus session key|" + sessionId + "|" + user;
  }
}
