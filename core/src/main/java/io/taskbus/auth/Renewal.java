package io.taskbus.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A token's renewal on the auth address: {@code {renew: token, ts, mac}}, the MAC under the
 * session's key, so a token caught in flight renews nothing; the answer, a new token of the same
 * session, comes back sealed under that key: {@code {sealed}}.
 */
public final class Renewal {

  public static final String RENEW = "renew";
  static final String CONTEXT = "taskbus renewal";

  private Renewal() {
  }

  /** The request renewing {@code token} at {@code now}. */
  public static JsonObject request(String token, byte[] sessionKey, long now) {
    return new JsonObject().put(RENEW, token).put("ts", now)
        .put("mac", MessageAuth.of(sessionKey).renewal(token, now));
  }

  /** True when {@code request} holds the session's MAC over its token and time. */
  public static boolean proved(JsonObject request, byte[] sessionKey) {
    return request.getValue(RENEW) instanceof String token
        && request.getValue("ts") instanceof Number ts
        && MessageAuth.matches(MessageAuth.of(sessionKey).renewal(token, ts.longValue()),
            request.getValue("mac") instanceof String mac ? mac : null);
  }

  /** The request's time (epoch ms), or {@link Long#MIN_VALUE} when it has none. */
  public static long time(JsonObject request) {
    return request.getValue("ts") instanceof Number ts ? ts.longValue() : Long.MIN_VALUE;
  }

  /** The answer to a proved renewal. */
  public static JsonObject answer(byte[] sessionKey, JsonObject answer) {
    return new JsonObject().put(ScramLogin.SEALED,
        Sealed.seal(sessionKey, answer.encode(), CONTEXT));
  }

  /**
   * The answer {@link #answer} sealed.
   *
   * @throws ScramException when it was not sealed under the session's key
   */
  public static JsonObject open(byte[] sessionKey, JsonObject reply) {
    if (!(reply.getValue(ScramLogin.SEALED) instanceof String sealed)) {
      throw new ScramException("the renewal's answer is not sealed");
    }
    try {
      return new JsonObject(Sealed.openText(sessionKey, sealed, CONTEXT));
    } catch (IllegalArgumentException | DecodeException e) {
      throw new ScramException("the renewal's answer is not the session's: " + e.getMessage());
    }
  }
}
