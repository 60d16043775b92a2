package io.taskbus.protocol;

/**
 * The failure codes of the wire protocol, carried as a {@code ReplyException}'s failure code. The
 * numbers are stable; never use {@code ordinal()}.
 */
public enum ErrorCode {
  BAD_REQUEST(400),
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  UNKNOWN_TASK(404),
  TIMEOUT(408),
  /** The token's signature holds but it has expired: renew it and send again. */
  TOKEN_EXPIRED(419),
  TOO_LARGE(413),
  /**
   * A chunk named its session instead of carrying its token, and the worker does not hold that
   * session (it never saw it, or forgot it idle): send the chunk again with the token.
   */
  SESSION_UNKNOWN(440),
  BAD_ARGUMENT(422),
  RATE_LIMITED(429),
  CANCELLED(499),
  TASK_FAILED(500),
  UNAVAILABLE(503),
  /** The worker holds all the chunks it can: send this one again later, or elsewhere. */
  BUSY(529);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int toInt() {
    return code;
  }

  /** The code for {@code code}, or {@code null} when it is none of the protocol's. */
  public static ErrorCode fromInt(int code) {
    for (ErrorCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }
}
