package io.taskbus.node;

import io.taskbus.auth.IssuedToken;
import io.taskbus.auth.TokenService;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.MessageBodies;
import io.taskbus.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.auth.authorization.WildcardPermissionBasedAuthorization;
import io.vertx.ext.auth.properties.PropertyFileAuthentication;
import io.vertx.ext.auth.properties.PropertyFileAuthorization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers logins on {@value Addresses#AUTH}: {@code {username, password}} or, to renew,
 * {@code {token}}, with {@code {token, expiresAt, user, permissions}}. Users, roles and
 * permissions come from a properties file (vertx-auth-properties). A refusal never says whether
 * the user or the password was wrong; a burst of failures locks the user name out for a while
 * ({@code auth.maxFailedLogins}, {@code auth.lockoutSeconds}; per auth node).
 */
public final class AuthVerticle extends VerticleBase {

  private static final String REFUSED = "invalid username or password";
  /** The largest login a node reads: a name, a password or a token fit in far less. */
  static final int MAX_LOGIN_BYTES = 16 * 1024;
  static final int DEFAULT_MAX_FAILED_LOGINS = 5;
  static final int DEFAULT_LOCKOUT_SECONDS = 60;

  private NodeSettings settings;
  private TokenService tokens;
  private PropertyFileAuthentication authn;
  private PropertyFileAuthorization authz;
  private LoginThrottle throttle;

  @Override
  public Future<?> start() {
    settings = new NodeSettings(config());
    tokens = TokenService.create(vertx, settings.secret());
    Path users = settings.usersFile();
    if (!Files.isReadable(users)) {
      return Future.failedFuture(new IllegalStateException("users file not found: " + users));
    }
    authn = PropertyFileAuthentication.create(vertx, users.toString());
    authz = PropertyFileAuthorization.create(vertx, users.toString());
    throttle = new LoginThrottle(
        settings.auth().getInteger("maxFailedLogins", DEFAULT_MAX_FAILED_LOGINS),
        settings.auth().getInteger("lockoutSeconds", DEFAULT_LOCKOUT_SECONDS) * 1000L);
    return vertx.eventBus().consumer(Addresses.AUTH, this::onRequest).completion();
  }

  private void onRequest(Message<Object> msg) {
    JsonObject body;
    try {
      body = MessageBodies.readObject(msg, MAX_LOGIN_BYTES);
    } catch (ProtocolException e) {
      refuse(msg, e.info().code(), "a login is a small JSON object: " + e.getMessage());
      return;
    }
    Future<String> user = body.getValue("token") instanceof String token
        ? tokens.verify(Headers.BEARER + token, null).map(IssuedToken::user)
        : login(body);
    user.compose(this::issue).onComplete(ar -> {
      if (ar.succeeded()) {
        IssuedToken t = ar.result();
        msg.reply(new JsonObject().put("token", t.token()).put("expiresAt", t.expiresAt())
            .put("user", t.user()).put("permissions", new JsonArray(t.permissions())));
      } else if (ar.cause() instanceof Lockout lockout) {
        refuse(msg, ErrorCode.RATE_LIMITED, "too many failed logins for this user name: try"
            + " again in " + Math.max(1, lockout.ms / 1000) + " s");
      } else {
        refuse(msg, ErrorCode.UNAUTHENTICATED, REFUSED);
      }
    });
  }

  private Future<String> login(JsonObject body) {
    if (!(body.getValue("username") instanceof String name)
        || !(body.getValue("password") instanceof String password)) {
      return Future.failedFuture(REFUSED);
    }
    long locked = throttle.lockedForMs(name, System.nanoTime());
    if (locked > 0) {
      return Future.failedFuture(new Lockout(locked));
    }
    return authn.authenticate(new UsernamePasswordCredentials(name, password))
        .onSuccess(u -> throttle.succeeded(name))
        .onFailure(e -> throttle.failed(name, System.nanoTime()))
        .map(u -> name);
  }

  /** A login refused by the throttle, before any password check. */
  private static final class Lockout extends RuntimeException {
    final long ms;

    Lockout(long ms) {
      super(null, null, false, false);
      this.ms = ms;
    }
  }

  private Future<IssuedToken> issue(String name) {
    User user = User.fromName(name);
    return authz.getAuthorizations(user).map(v -> tokens.issue(name, permissionsOf(user),
        settings.tokenTtlSeconds()));
  }

  private static List<String> permissionsOf(User user) {
    Set<String> permissions = new TreeSet<>();
    user.authorizations().forEach((provider, authorization) -> {
      if (authorization instanceof WildcardPermissionBasedAuthorization w) {
        permissions.add(w.getPermission());
      } else if (authorization instanceof PermissionBasedAuthorization p) {
        permissions.add(p.getPermission());
      }
    });
    return List.copyOf(permissions);
  }

  private static void refuse(Message<Object> msg, ErrorCode code, String message) {
    msg.fail(code.toInt(), ErrorInfo.of(code, message).toJson().encode());
  }
}
