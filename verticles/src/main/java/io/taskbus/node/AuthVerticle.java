package io.taskbus.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskbus.auth.IssuedToken;
import io.taskbus.auth.Renewal;
import io.taskbus.auth.Session;
import io.taskbus.auth.ScramException;
import io.taskbus.auth.ScramLogin;
import io.taskbus.auth.ScramServer;
import io.taskbus.auth.StoredKeys;
import io.taskbus.auth.TokenKeys;
import io.taskbus.auth.TokenService;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.MessageBodies;
import io.taskbus.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Answers logins on {@value Addresses#AUTH}. A login is a SCRAM-SHA-256 exchange (see
 * {@link ScramLogin}) against the users file's stored keys, so no password travels; its answer,
 * {@code {token, expiresAt, user, permissions, session: {id, key, expiresAt}, announcementKey}},
 * is sealed for the client that proved itself: the session's key is the client's proof on every
 * message it sends, and the announcement key how it knows workers. A renewal proves it holds the
 * session's key. A refusal never says whether the user or
 * the password was wrong; failed logins are counted cluster-wide ({@link LoginThrottle}).
 */
public final class AuthVerticle extends VerticleBase {

  private static final String REFUSED = "invalid username or password";
  /** A session with less left than this is not renewed: its client logs in again. */
  static final long MIN_RENEWED_MS = 5_000;
  /** The largest login message a node reads: a SCRAM message or a token fit in far less. */
  static final int MAX_LOGIN_BYTES = ScramLogin.MAX_MESSAGE_BYTES;
  static final int DEFAULT_MAX_FAILED_LOGINS = 5;
  static final int DEFAULT_MAX_FAILED_LOGINS_TOTAL = 100;
  static final int DEFAULT_LOCKOUT_SECONDS = 60;
  /** A health check's ping, {@code {ping: true}}, answered {@code {pong: true}}. */
  static final String PING = "ping";
  static final String PONG = "pong";

  private NodeSettings settings;
  private TokenService tokens;
  private UsersFile users;
  private byte[] unknownUserSalt;
  private LoginThrottle throttle;
  private PendingLogins pending;
  private WorkerListener listener = WorkerListener.NONE;
  /** A listener a test adds to the node's own. */
  private final WorkerListener extra;

  public AuthVerticle() {
    this(WorkerListener.NONE);
  }

  AuthVerticle(WorkerListener extra) {
    this.extra = extra;
  }

  @Override
  public Future<?> start() {
    settings = new NodeSettings(config());
    MeterRegistry registry = NodeMetrics.registry(vertx);
    listener = WorkerListener.of(registry == null ? null : new WorkerMeters(registry), extra);
    TokenKeys keys = settings.tokenKeys();
    if (keys.asymmetric() && keys.signingKey() == null) {
      return Future.failedFuture(new IllegalStateException("an auth service issues tokens: with"
          + " auth.tokenPublicKeyFile it needs auth.tokenKeyFile too (or auth.service: false on"
          + " a node that only runs workers)"));
    }
    tokens = TokenService.create(vertx, keys, System::currentTimeMillis);
    unknownUserSalt = settings.secret().getBytes(StandardCharsets.UTF_8);
    Path file = settings.usersFile();
    if (!Files.isReadable(file)) {
      return Future.failedFuture(new IllegalStateException("users file not found: " + file));
    }
    users = UsersFile.load(file);
    JsonObject auth = settings.auth();
    pending = new PendingLogins(auth.getInteger("maxPendingLogins", PendingLogins.DEFAULT_MAX));
    return LoginThrottle.create(vertx,
            auth.getInteger("maxFailedLogins", DEFAULT_MAX_FAILED_LOGINS),
            auth.getInteger("maxFailedLoginsTotal", DEFAULT_MAX_FAILED_LOGINS_TOTAL),
            auth.getInteger("lockoutSeconds", DEFAULT_LOCKOUT_SECONDS) * 1000L,
            System::currentTimeMillis)
        .compose(t -> {
          throttle = t;
          return vertx.eventBus().consumer(Addresses.AUTH, this::onRequest).completion();
        });
  }

  private void onRequest(Message<Object> msg) {
    JsonObject body;
    try {
      body = MessageBodies.readObject(msg, MAX_LOGIN_BYTES);
    } catch (ProtocolException e) {
      refuse(msg, e.info().code(), "a login is a small JSON object: " + e.getMessage());
      return;
    }
    if (Boolean.TRUE.equals(body.getValue(PING))) { // a health check: no login, no failure
      msg.reply(new JsonObject().put(PONG, true));
    } else if (body.getValue(Renewal.RENEW) instanceof String token) {
      renew(msg, token, body);
    } else if (body.getValue(ScramLogin.SCRAM) instanceof String clientFirst) {
      challenge(msg, clientFirst, ScramLogin.FOR_GATEWAY.equals(body.getValue(ScramLogin.FOR)));
    } else {
      refuse(msg, ErrorCode.UNAUTHENTICATED, "a login is a SCRAM-SHA-256 exchange ({scram:"
          + " client-first}) or a renewal ({renew: token, ts, mac}); passwords are never"
          + " accepted");
    }
  }

  /**
   * A renewal proves that its sender holds the session's key (a token alone is not enough) and
   * is answered sealed under that key: a new token of the same session, for a user still in the
   * users file, with the permissions the file gives now, never past the session's end.
   */
  private void renew(Message<Object> msg, String token, JsonObject body) {
    tokens.authenticate(Headers.BEARER + token).onComplete(ar -> {
      long now = System.currentTimeMillis();
      if (ar.failed() || Math.abs(now - Renewal.time(body)) > SessionGuard.MAX_SKEW_MS
          || !Renewal.proved(body, ar.result().session().key())
          || users.keys(ar.result().user()) == null) {
        refuse(msg, ErrorCode.UNAUTHENTICATED, REFUSED);
        return;
      }
      Session session = ar.result().session();
      if (session.expiresAt() - now < MIN_RENEWED_MS) {
        refuse(msg, ErrorCode.UNAUTHENTICATED, "the session has reached its end"
            + " (auth.maxSessionSeconds): log in again");
        return;
      }
      msg.reply(Renewal.answer(session.key(), answer(ar.result().user(), session)));
    });
  }

  /**
   * Checks the throttle, then sends the challenge and waits for the proof as its reply.
   *
   * @param forGateway true when a gateway relays the login: the answer is sealed for gateways
   *     (nodes holding the cluster's secret), which run the user's jobs with its session
   */
  private void challenge(Message<Object> msg, String clientFirst, boolean forGateway) {
    ScramServer.ClientFirst first;
    try {
      first = ScramServer.ClientFirst.parse(clientFirst);
    } catch (ScramException e) {
      refuse(msg, ErrorCode.BAD_REQUEST, e.getMessage());
      return;
    }
    throttle.check(first.username()).onComplete(ar -> {
      if (ar.failed()) {
        refuse(msg, ErrorCode.UNAVAILABLE, "failed logins cannot be counted now: try again");
      } else if (ar.result().ms() > 0) {
        refuse(msg, ErrorCode.RATE_LIMITED, lockoutMessage(ar.result()));
      } else {
        converse(msg, first, forGateway);
      }
    });
  }

  private void converse(Message<Object> msg, ScramServer.ClientFirst first,
      boolean forGateway) {
    String sid = pending.open();
    if (sid == null) {
      refuse(msg, ErrorCode.RATE_LIMITED, "too many logins under way on this auth node: try"
          + " again shortly");
      return;
    }
    StoredKeys keys = users.keys(first.username());
    ScramServer server = ScramServer.create(first, keys != null ? keys
        : ScramServer.unknownUser(unknownUserSalt, first.username()));
    msg.<Object>replyAndRequest(new JsonObject().put(ScramLogin.CONVERSATION, sid)
                .put(ScramLogin.SCRAM, server.serverFirst()),
            new DeliveryOptions().setSendTimeout(PendingLogins.TIMEOUT_MS))
        .onComplete(ar -> {
          pending.close(sid);
          if (ar.succeeded()) {
            prove(ar.result(), sid, first.username(), server, forGateway);
          }
        });
  }

  /** The client's proof: the token, sealed for it, or a refusal counted against the name. */
  private void prove(Message<Object> msg, String sid, String user, ScramServer server,
      boolean forGateway) {
    String serverFinal;
    try {
      JsonObject body = MessageBodies.readObject(msg, MAX_LOGIN_BYTES);
      if (!sid.equals(body.getValue(ScramLogin.CONVERSATION))
          || !(body.getValue(ScramLogin.SCRAM) instanceof String clientFinal)) {
        throw new ScramException("not a proof for this conversation");
      }
      serverFinal = server.verify(clientFinal);
    } catch (ProtocolException | ScramException e) {
      throttle.failed(user);
      refuse(msg, ErrorCode.UNAUTHENTICATED, REFUSED);
      return;
    }
    throttle.succeeded(user);
    long now = System.currentTimeMillis();
    Session session = Session.create(now, settings.maxSessionSeconds() * 1000);
    JsonObject answer = answer(user, session)
        .put("session", new JsonObject().put("id", session.id())
            .put("key", Base64.getEncoder().encodeToString(session.key()))
            .put("expiresAt", session.expiresAt()))
        .put("announcementKey", tokens.keys().announcementKey());
    msg.reply(new JsonObject().put(ScramLogin.SCRAM, serverFinal)
        .put(ScramLogin.SEALED, forGateway
            ? tokens.keys().sealForGateway(answer.encode(), serverFinal)
            : server.seal(answer.encode())));
  }

  private JsonObject answer(String user, Session session) {
    IssuedToken t = tokens.issue(user, users.permissions(user), settings.tokenTtlSeconds(),
        session);
    return new JsonObject().put("token", t.token()).put("expiresAt", t.expiresAt())
        .put("user", t.user()).put("permissions", new JsonArray(t.permissions()));
  }

  /** A health check's question to the auth service. */
  static JsonObject ping() {
    return new JsonObject().put(PING, true);
  }

  /** True when {@code body} is an auth service's answer to {@link #ping()}. */
  static boolean isPong(Object body) {
    return body instanceof JsonObject json && Boolean.TRUE.equals(json.getValue(PONG));
  }

  private static String lockoutMessage(LoginThrottle.Wait wait) {
    String in = " try again in " + Math.max(1, wait.ms() / 1000) + " s";
    return wait.everyone() ? "too many failed logins on the cluster:" + in
        : "too many failed logins for this user name:" + in;
  }

  private void refuse(Message<Object> msg, ErrorCode code, String message) {
    listener.loginRefused(code);
    msg.fail(code.toInt(), ErrorInfo.of(code, message).toJson().encode());
  }
}
