package io.taskbus.node;

import io.taskbus.auth.IssuedToken;
import io.taskbus.auth.MessageAuth;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.ProtocolException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A worker's proof that a chunk or cancel comes from its token's session, asked once: the MAC
 * under the session's key (which only the client and the workers hold) over what the message
 * asks and where it was sent, a time within {@value #MAX_SKEW_MS} ms of the worker's clock, and
 * a sequence number the session has not used here ({@link ReplayWindow}). So a token caught
 * from one message is of no use for any other, and a message caught is of no use twice.
 *
 * <p>The sessions it knows are bounded, per user too; a session is forgotten only once it has
 * been idle for twice the skew, when every message it ever sent is too old to be taken again.
 * Runs on the worker's context.
 */
final class SessionGuard {

  static final long MAX_SKEW_MS = 60_000;
  static final int MAX_SESSIONS = 65_536;
  static final int MAX_SESSIONS_PER_USER = 1_024;

  private final LongSupplier clock;
  private final int maxSessions;
  private final int maxPerUser;
  /** Least recently used first. */
  private final LinkedHashMap<String, Known> sessions = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Integer> perUser = new HashMap<>();

  /** A session this worker has taken messages from. */
  private static final class Known {
    final String user;
    final MessageAuth auth;
    final ReplayWindow window = new ReplayWindow();
    /** The latest of the session's tokens proved here: a chunk may name the session only. */
    IssuedToken token;
    long lastMs;

    Known(IssuedToken token, MessageAuth auth) {
      this.user = token.user();
      this.token = token;
      this.auth = auth;
    }
  }

  /** A message proved to come from its session: who sent it, and how to sign the answers. */
  record Caller(String user, long seq, MessageAuth auth) {

    String replyMac(int leg, String limit, Buffer body) {
      return auth.reply(seq, leg, limit, body);
    }

    String failure(int leg, ErrorInfo info) {
      return auth.signFailure(seq, leg, info.code().toInt(), info.toJson().encode());
    }
  }

  /** @param clock epoch milliseconds */
  SessionGuard(LongSupplier clock) {
    this(clock, MAX_SESSIONS, MAX_SESSIONS_PER_USER);
  }

  SessionGuard(LongSupplier clock, int maxSessions, int maxPerUser) {
    this.clock = clock;
    this.maxSessions = maxSessions;
    this.maxPerUser = maxPerUser;
  }

  /**
   * A chunk for {@code task} from {@code pool}, sent to {@code address}.
   *
   * @throws ProtocolException {@link ErrorCode#UNAUTHENTICATED} when it is not proved,
   *     {@link ErrorCode#BUSY} when this worker knows all the sessions it can now
   */
  Caller chunk(IssuedToken token, MultiMap headers, String address, String task, String pool,
      Buffer body) {
    return check(token, headers, (auth, seq, ts) -> auth.chunk(address, task, pool, seq, ts,
        body));
  }

  /** A cancel of {@code job} published on {@code address}; throws as {@link #chunk} does. */
  Caller cancel(IssuedToken token, MultiMap headers, String address, String job) {
    return check(token, headers, (auth, seq, ts) -> auth.cancel(address, job, seq, ts));
  }

  /**
   * The token of the session a chunk names instead of carrying one; its MAC is checked after,
   * as for any chunk.
   *
   * @throws ProtocolException {@link ErrorCode#SESSION_UNKNOWN} when this worker does not hold
   *     the session, so the pool sends the chunk again with the token
   */
  IssuedToken tokenOf(String sessionId) {
    Known known = sessionId == null ? null : sessions.get(sessionId);
    if (known == null) {
      throw new ProtocolException(ErrorCode.SESSION_UNKNOWN, "this worker does not hold session"
          + " " + (sessionId == null ? "(none named)" : "'" + sessionId + "'")
          + ": send the message with its token");
    }
    return known.token;
  }

  int size() {
    return sessions.size();
  }

  private interface Expected {
    String mac(MessageAuth auth, long seq, long ts);
  }

  private Caller check(IssuedToken token, MultiMap headers, Expected expected) {
    long seq = number(headers.get(Headers.SEQ));
    long ts = number(headers.get(Headers.TIME));
    long now = clock.getAsLong();
    if (Math.abs(now - ts) > MAX_SKEW_MS) {
      throw refused("the message was sent at " + ts + ", " + (now - ts) + " ms from this"
          + " worker's clock (at most " + MAX_SKEW_MS + " ms): check both nodes' clocks");
    }
    Known known = sessions.get(token.session().id());
    MessageAuth auth = known != null ? known.auth : MessageAuth.of(token.session().key());
    if (!MessageAuth.matches(expected.mac(auth, seq, ts), headers.get(Headers.MAC))) {
      throw refused("the message's MAC does not hold: it is not its session's");
    }
    if (known == null) {
      known = admit(token, auth, now);
    }
    if (!known.window.take(seq)) {
      throw refused("message " + seq + " of this session was taken before, or is too old");
    }
    if (token.expiresAt() > known.token.expiresAt()) {
      known.token = token; // renewed: chunks that name the session are checked against it now
    }
    known.lastMs = now;
    return new Caller(known.user, seq, known.auth);
  }

  private Known admit(IssuedToken token, MessageAuth auth, long now) {
    forgetIdle(now);
    String user = token.user();
    if (sessions.size() >= maxSessions || perUser.getOrDefault(user, 0) >= maxPerUser) {
      throw new ProtocolException(ErrorCode.BUSY, "this worker serves all the sessions it can"
          + " now" + (sessions.size() >= maxSessions ? "" : " for user '" + user + "'"));
    }
    Known known = new Known(token, auth);
    sessions.put(token.session().id(), known);
    perUser.merge(user, 1, Integer::sum);
    return known;
  }

  /** Forgets sessions idle long enough that none of their messages can be taken again. */
  private void forgetIdle(long now) {
    for (Iterator<Known> it = sessions.values().iterator(); it.hasNext(); ) {
      Known eldest = it.next();
      if (now - eldest.lastMs <= 2 * MAX_SKEW_MS) {
        return; // the rest were used later
      }
      it.remove();
      perUser.computeIfPresent(eldest.user, (u, n) -> n > 1 ? n - 1 : null);
    }
  }

  private static long number(String header) {
    if (header == null) {
      throw refused("the message lacks its sequence number, time or MAC: send it with the"
          + " taskbus client of this version");
    }
    try {
      return Long.parseLong(header);
    } catch (NumberFormatException e) {
      throw refused("the message's sequence number or time is not a number");
    }
  }

  private static ProtocolException refused(String message) {
    return new ProtocolException(ErrorCode.UNAUTHENTICATED, message);
  }
}
