package io.taskbus.client.impl;

import io.taskbus.client.NoWorkersException;
import io.taskbus.client.PoolOptions;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The pool's login: a signed token from the cluster's auth service, renewed before it expires.
 * The token is never logged or printed.
 */
final class SessionToken {

  private static final System.Logger LOG = System.getLogger(SessionToken.class.getName());
  private static final long RETRY_MS = 200;
  /** Renew once this share of the token's life has passed. */
  private static final double RENEW_AT = 0.8;

  private final Vertx vertx;
  private final PoolOptions options;
  private volatile String token;
  private long renewTimer = -1;
  private boolean closed;

  private SessionToken(Vertx vertx, PoolOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /** Logs in; waits up to the login timeout for an auth service to appear. */
  static Future<SessionToken> login(Vertx vertx, PoolOptions options) {
    if (options.getUsername() == null || options.getPassword() == null) {
      return Future.failedFuture(new IllegalArgumentException(
          "a pool needs a username and a password (PoolOptions.setUsername/setPassword)"));
    }
    SessionToken session = new SessionToken(vertx, options);
    long deadline = System.nanoTime() + options.getLoginTimeoutMs() * 1_000_000;
    return session.requestToken(credentials(options), deadline).map(session);
  }

  String bearer() {
    return Headers.BEARER + token;
  }

  void close() {
    closed = true;
    vertx.cancelTimer(renewTimer);
  }

  private static JsonObject credentials(PoolOptions options) {
    return new JsonObject().put("username", options.getUsername())
        .put("password", options.getPassword());
  }

  private Future<Void> requestToken(JsonObject request, long deadline) {
    Promise<Void> done = Promise.promise();
    attempt(request, deadline, done);
    return done.future();
  }

  private void attempt(JsonObject request, long deadline, Promise<Void> done) {
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    vertx.eventBus().<JsonObject>request(Addresses.AUTH, request,
        new DeliveryOptions().setSendTimeout(left)).onComplete(ar -> {
          if (ar.succeeded()) {
            accept(ar.result().body());
            done.complete();
          } else if (noService(ar.cause()) && System.nanoTime() + RETRY_MS * 1_000_000 < deadline) {
            vertx.setTimer(RETRY_MS, t -> attempt(request, deadline, done));
          } else {
            done.fail(loginFailure(ar.cause()));
          }
        });
  }

  private void accept(JsonObject reply) {
    token = reply.getString("token");
    long ttl = reply.getLong("expiresAt") - System.currentTimeMillis();
    long renewIn = Math.max(100, (long) (ttl * RENEW_AT));
    if (!closed) {
      renewTimer = vertx.setTimer(renewIn, t -> renew());
    }
  }

  /** Renews with the current token; falls back to the password when the token is refused. */
  private void renew() {
    long deadline = System.nanoTime() + options.getLoginTimeoutMs() * 1_000_000;
    requestToken(new JsonObject().put("token", token), deadline)
        .recover(e -> requestToken(credentials(options), deadline))
        .onFailure(e -> {
          LOG.log(System.Logger.Level.WARNING, "token renewal failed, retrying: {0}",
              e.getMessage());
          if (!closed) {
            renewTimer = vertx.setTimer(5_000, t -> renew());
          }
        });
  }

  private static boolean noService(Throwable error) {
    return error instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static Throwable loginFailure(Throwable error) {
    if (error instanceof ReplyException r) {
      switch (r.failureType()) {
        case NO_HANDLERS:
          return new NoWorkersException("no auth service answers on '" + Addresses.AUTH
              + "': start a worker node (bin/taskbus worker)");
        case TIMEOUT:
          return new NoWorkersException("the auth service did not answer in time");
        default:
          return Failures.of(ErrorInfo.parse(r.failureCode(), r.getMessage()), null);
      }
    }
    return error;
  }
}
