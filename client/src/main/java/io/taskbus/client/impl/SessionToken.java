package io.taskbus.client.impl;

import io.taskbus.client.AuthenticationException;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.PoolOptions;
import io.taskbus.auth.Announcements;
import io.taskbus.auth.MessageAuth;
import io.taskbus.auth.Renewal;
import io.taskbus.auth.ScramException;
import io.taskbus.auth.Session;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The pool's login: a signed token from the cluster's auth service, renewed before it expires,
 * and at once when a worker refuses it as expired. A renewal that fails is tried again, waiting
 * longer each time. The token is never logged or printed. Runs on the pool's context; time comes
 * from its {@link Scheduler}.
 */
final class SessionToken {

  private static final System.Logger LOG = System.getLogger(SessionToken.class.getName());
  /**
   * While no auth service answers, or one fails to prove itself, a login asks again this often,
   * until its deadline.
   */
  static final long RETRY_MS = 200;
  /** Renew once this share of the token's life has passed. */
  static final double RENEW_AT = 0.8;
  /** A token that lives less than this is refused: renewing it would never end. */
  static final long MIN_LIFETIME_MS = 1_000;
  /** A failed renewal is tried again after this, doubling up to {@link #MAX_BACKOFF_MS}. */
  static final long FIRST_BACKOFF_MS = 1_000;
  static final long MAX_BACKOFF_MS = 30_000;
  private static final String SESSION = "session";
  private static final String ANNOUNCEMENTS = "announcementKey";

  /** Where logins go: the auth service on the event bus, or a fake in tests. */
  interface LoginChannel {
    /** A login with the password, which never leaves this JVM: the auth service's answer. */
    Future<JsonObject> login(String username, String password, long timeoutMs);

    /** A renewal ({@link Renewal#request}): the auth service's reply, still sealed. */
    Future<JsonObject> renew(JsonObject request, long timeoutMs);
  }

  /**
   * A token and the session it belongs to, replaced whole: a message is always sent with a
   * token and the key of the same session.
   */
  static final class Credentials {
    private final String bearer;
    private final Session session;
    private final MessageAuth auth;
    private final Announcements.Verifier announcements;

    Credentials(String token, Session session, Announcements.Verifier announcements) {
      this.bearer = Headers.BEARER + token;
      this.session = session;
      this.auth = MessageAuth.of(session.key());
      this.announcements = announcements;
    }

    String bearer() {
      return bearer;
    }

    String sessionId() {
      return session.id();
    }

    String token() {
      return bearer.substring(Headers.BEARER.length());
    }

    /** The MACs under the session's key; used on the pool's context only. */
    MessageAuth auth() {
      return auth;
    }

    Session session() {
      return session;
    }
  }

  private final Scheduler scheduler;
  private final LoginChannel channel;
  private final PoolOptions options;
  private final List<Runnable> listeners = new ArrayList<>();
  private final Set<Long> timers = new HashSet<>();
  private volatile Credentials current;
  /** The session's message numbers: each message the pool sends takes the next. */
  private long seq;
  private long receivedAt;
  private boolean expired;
  private Future<Void> renewal;
  private long renewTimer = -1;
  private long retryTimer = -1;
  private long backoffMs = FIRST_BACKOFF_MS;
  private boolean closed;

  private SessionToken(Scheduler scheduler, LoginChannel channel, PoolOptions options) {
    this.scheduler = scheduler;
    this.channel = channel;
    this.options = options;
  }

  /** Logs in; waits up to the login timeout for an auth service to appear. */
  static Future<SessionToken> login(Scheduler scheduler, LoginChannel channel,
      PoolOptions options) {
    if (options.getUsername() == null || options.getPassword() == null) {
      return Future.failedFuture(new IllegalArgumentException(
          "a pool needs a username and a password (PoolOptions.setUsername/setPassword)"));
    }
    SessionToken session = new SessionToken(scheduler, channel, options);
    return session.requestToken(session::withPassword, null).map(session)
        .onFailure(e -> session.close());
  }

  /**
   * A session a gateway logged in for its user ({@code answer}: the auth service's answer,
   * opened). It is renewed as any other, up to the session's end; there is no password to log
   * in with again after that.
   */
  static Future<SessionToken> relayed(Scheduler scheduler, LoginChannel channel,
      PoolOptions options, JsonObject answer) {
    SessionToken session = new SessionToken(scheduler, channel, options);
    return session.requestToken(timeout -> Future.succeededFuture(answer), null).map(session)
        .onFailure(e -> session.close());
  }

  String bearer() {
    return current.bearer();
  }

  /** The token and session to send the next message with. */
  Credentials credentials() {
    return current;
  }

  /** The next message's sequence number. */
  long nextSeq() {
    return seq++;
  }

  /**
   * An announcement checked with the key the auth service gave at login; null when a worker did
   * not sign it. Thread-safe.
   */
  Announcements.Signed readAnnouncement(JsonObject envelope) {
    return current.announcements.read(envelope);
  }

  /** False from a worker's word that the token expired until a new one arrives. */
  boolean valid() {
    return !expired && current != null;
  }

  /** Called (on the pool's context) whenever a new token arrives. */
  void addListener(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * A worker refused {@code bearer} as expired: renews, unless a newer token is here already.
   * Fails when the token was fresh (the clocks of this node and the workers disagree) or when
   * no new token can be had within the login timeout.
   */
  Future<Void> refusedAsExpired(String bearer) {
    if (!bearer.equals(current.bearer())) {
      return Future.succeededFuture(); // refused an older token: the new one goes next
    }
    long age = scheduler.currentTimeMillis() - receivedAt;
    if (age < MIN_LIFETIME_MS && !expired) {
      return Future.failedFuture(new AuthenticationException("a worker refused a token issued "
          + age + " ms ago as expired: the clocks of this node and the workers disagree"));
    }
    expired = true;
    return renew();
  }

  void close() {
    closed = true;
    timers.forEach(scheduler::cancelTimer);
    timers.clear();
  }

  private Future<JsonObject> withPassword(long timeoutMs) {
    if (options.getPassword() == null) {
      return Future.failedFuture(new AuthenticationException("the session has reached its end"
          + " and this pool has no password to log in again with: log in again"));
    }
    return channel.login(options.getUsername(), options.getPassword(), timeoutMs);
  }

  /**
   * One renewal at a time: with the current token, else with the password. One that fails is
   * tried again later, each wait twice the last, up to {@value #MAX_BACKOFF_MS} ms.
   */
  private Future<Void> renew() {
    if (renewal == null) {
      Credentials renewing = current;
      // only the session's auth service can seal the answer: a fake one's fails to open
      Future<Void> attempt = requestToken(timeout -> channel.renew(Renewal.request(
              renewing.token(), renewing.session.key(), scheduler.currentTimeMillis()), timeout)
              .map(reply -> Renewal.open(renewing.session.key(), reply)), renewing)
          .recover(e -> closed ? Future.failedFuture(e)
              : requestToken(this::withPassword, null));
      renewal = attempt;
      attempt.onComplete(ar -> {
        if (renewal == attempt) {
          renewal = null;
        }
        if (ar.failed()) {
          retryLater(ar.cause());
        }
      });
      return attempt; // not the field: a renewal done at once has cleared it already
    }
    return renewal;
  }

  private void retryLater(Throwable error) {
    if (retryTimer >= 0 || closed) {
      return;
    }
    LOG.log(System.Logger.Level.WARNING, "token renewal failed, retrying in {0} ms: {1}",
        backoffMs, error.getMessage());
    retryTimer = later(backoffMs, () -> {
      retryTimer = -1;
      renew();
    });
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
  }

  /** @param renewing the credentials renewed, or null for a login with the password */
  private Future<Void> requestToken(LongFunction<Future<JsonObject>> request,
      Credentials renewing) {
    Promise<Void> done = Promise.promise();
    long deadline = scheduler.nanoTime() + options.getLoginTimeoutMs() * 1_000_000;
    attempt(request, renewing, deadline, done);
    return done.future();
  }

  private void attempt(LongFunction<Future<JsonObject>> request, Credentials renewing,
      long deadline, Promise<Void> done) {
    long left = Math.max(1, (deadline - scheduler.nanoTime()) / 1_000_000);
    request.apply(left).onComplete(ar -> {
      if (closed) {
        done.tryFail(new IllegalStateException("the pool was closed during its login"));
      } else if (ar.succeeded()) {
        accept(ar.result(), renewing, done);
      } else if (worthAnotherTry(ar.cause())
          && scheduler.nanoTime() + RETRY_MS * 1_000_000 < deadline) {
        later(RETRY_MS, () -> attempt(request, renewing, deadline, done));
      } else {
        done.tryFail(loginFailure(ar.cause()));
      }
    });
  }

  private void accept(JsonObject reply, Credentials renewing, Promise<Void> done) {
    String error = check(reply, renewing == null);
    Credentials next = null;
    if (error == null) {
      try {
        next = renewing == null ? credentials(reply) : new Credentials(reply.getString("token"),
            renewing.session, renewing.announcements);
      } catch (IllegalArgumentException e) {
        error = "has a session or announcement key that cannot be read: " + e.getMessage();
      }
    }
    if (error != null) {
      done.tryFail(new AuthenticationException("the auth service sent a login reply that "
          + error));
      return;
    }
    long now = scheduler.currentTimeMillis();
    current = next;
    receivedAt = now;
    expired = false;
    backoffMs = FIRST_BACKOFF_MS;
    if (renewTimer >= 0) {
      scheduler.cancelTimer(renewTimer);
      timers.remove(renewTimer);
    }
    renewTimer = later((long) ((reply.getLong("expiresAt") - now) * RENEW_AT), () -> {
      renewTimer = -1;
      renew();
    });
    done.tryComplete();
    listeners.forEach(Runnable::run);
  }

  /** A login's answer: its token, its session and the workers' announcement key. */
  private static Credentials credentials(JsonObject reply) {
    return new Credentials(reply.getString("token"), session(reply.getJsonObject(SESSION)),
        Announcements.Verifier.of(reply.getString(ANNOUNCEMENTS)));
  }

  private static Session session(JsonObject json) {
    if (!(json.getValue("id") instanceof String id) || !(json.getValue("key") instanceof String key)
        || !(json.getValue("expiresAt") instanceof Number end)) {
      throw new IllegalArgumentException("the session needs an id, a key and an end");
    }
    byte[] bytes = Base64.getDecoder().decode(key);
    if (bytes.length < 32) {
      throw new IllegalArgumentException("the session key is under 256 bits");
    }
    return new Session(id, bytes, end.longValue());
  }

  /** Why a login (or renewal) reply is of no use, or null when it is good. */
  private String check(JsonObject reply, boolean login) {
    if (reply == null) {
      return "is not a JSON object";
    }
    if (!(reply.getValue("token") instanceof String t) || t.isBlank()) {
      return "has no token";
    }
    if (!(reply.getValue("expiresAt") instanceof Number expiresAt)) {
      return "has no expiresAt";
    }
    if (login && !(reply.getValue(SESSION) instanceof JsonObject)) {
      return "has no session";
    }
    if (login && !(reply.getValue(ANNOUNCEMENTS) instanceof String)) {
      return "has no announcement key";
    }
    long lifetime = expiresAt.longValue() - scheduler.currentTimeMillis();
    if (lifetime < MIN_LIFETIME_MS) {
      return "gives the token a lifetime of " + lifetime + " ms (at least " + MIN_LIFETIME_MS
          + " ms is needed): check the auth service's tokenTtlSeconds and both nodes' clocks";
    }
    return null;
  }

  /** A timer that the session's close cancels; returns its id (-1 once closed). */
  private long later(long delayMs, Runnable action) {
    if (closed) {
      return -1;
    }
    long[] id = new long[1];
    id[0] = scheduler.setTimer(delayMs, () -> {
      timers.remove(id[0]);
      if (!closed) {
        action.run();
      }
    });
    timers.add(id[0]);
    return id[0];
  }

  /**
   * No auth service yet, or one that did not prove it holds the user's keys: a fake one on the
   * cluster, most likely, sharing the address with the real ones, so the next try may reach a
   * real one. The password never went to it.
   */
  private static boolean worthAnotherTry(Throwable error) {
    if (error instanceof ScramException e) {
      LOG.log(System.Logger.Level.WARNING, "a login was not completed, asking again: {0}",
          e.getMessage());
      return true;
    }
    return noService(error);
  }

  private static boolean noService(Throwable error) {
    return error instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static Throwable loginFailure(Throwable error) {
    if (error instanceof ScramException e) {
      return new AuthenticationException("login failed: " + e.getMessage());
    }
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
