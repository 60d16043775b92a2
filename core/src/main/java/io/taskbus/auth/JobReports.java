package io.taskbus.auth;

import io.taskbus.protocol.Headers;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A client's reports on its jobs (live events on {@code <address>.jobs}, records in the job
 * history), sealed and signed with its session: {@code {"record": <the JSON text sealed with
 * AES-GCM under a key derived from the session's key>, "authorization": "Bearer ...", "seq": n,
 * "ts": epochMs, "mac": ...}}, the MAC ({@link MessageAuth#job}) under the session's key over
 * where the report is put, its sealed text, number and time. Only a node holding the cluster's
 * secret (a worker, an auth node, the dashboard) opens the token, so only it knows the session's
 * key and user: other members see that a report passed, not what it says (a failed item's error
 * and output stay the user's), and the user a report is about comes from its token, never from
 * its text. A token, once expired, still vouches for what its session signed while it lived:
 * history outlives the client.
 */
public final class JobReports {

  static final String RECORD = "record";
  static final String AUTHORIZATION = "authorization";
  static final String SEQ = "seq";
  static final String TS = "ts";
  static final String MAC = "mac";
  /** A report's text is a few kilobytes; anything much larger is not a client's. */
  public static final int MAX_RECORD_CHARS = 64 * 1024;
  /** A whole envelope: the record, a token and a few numbers. */
  public static final int MAX_ENVELOPE_BYTES = MAX_RECORD_CHARS + 16 * 1024;

  private JobReports() {
  }

  /** A report that proved itself: whose session signed it, what it says, when. */
  public record Verified(String user, String session, JsonObject record, long seq, long ts) {
  }

  /**
   * Seals and signs {@code record} for {@code where} (an address or the history map's name).
   *
   * @param auth the MACs under {@code sessionKey}
   */
  public static JsonObject sign(byte[] sessionKey, MessageAuth auth, String bearer,
      String where, long seq, long ts, JsonObject record) {
    String text = Sealed.seal(sealKey(sessionKey), record.encode(), context(where, seq, ts));
    return new JsonObject().put(RECORD, text).put(AUTHORIZATION, bearer).put(SEQ, seq)
        .put(TS, ts).put(MAC, auth.job(where, text, seq, ts));
  }

  /** Reports are sealed under their own key, not the session's MAC key itself. */
  private static byte[] sealKey(byte[] sessionKey) {
    return Scram.hmac(sessionKey, "taskbus job report seal v1".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A sealed report opens only where, and as the number and time, it was made for. */
  private static String context(String where, long seq, long ts) {
    return "taskbus job report|" + where + "|" + seq + "|" + ts;
  }

  /**
   * The report in {@code envelope} when a session of this cluster signed it for {@code where};
   * fails (with the reason, for counting) otherwise, never throws.
   */
  public static Future<Verified> open(TokenService tokens, String where, JsonObject envelope) {
    if (envelope == null
        || !(envelope.getValue(RECORD) instanceof String text)
        || !(envelope.getValue(AUTHORIZATION) instanceof String bearer)
        || !bearer.startsWith(Headers.BEARER)
        || !(envelope.getValue(SEQ) instanceof Number seq)
        || !(envelope.getValue(TS) instanceof Number ts)
        || !(envelope.getValue(MAC) instanceof String mac)) {
      return Future.failedFuture(new IllegalArgumentException("not a job report"));
    }
    if (text.length() > MAX_RECORD_CHARS) {
      return Future.failedFuture(new IllegalArgumentException("a job report over "
          + MAX_RECORD_CHARS + " characters"));
    }
    return tokens.authenticate(bearer).compose(token -> {
      byte[] key = token.session().key();
      String expected = MessageAuth.of(key).job(where, text, seq.longValue(), ts.longValue());
      if (!MessageAuth.matches(expected, mac)) {
        return Future.failedFuture(new IllegalArgumentException("a job report whose MAC does"
            + " not hold"));
      }
      JsonObject record;
      try {
        record = new JsonObject(Sealed.openText(sealKey(key), text, context(where,
            seq.longValue(), ts.longValue())));
      } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
        return Future.failedFuture(new IllegalArgumentException("a job report that is not"
            + " a JSON object"));
      }
      return Future.succeededFuture(new Verified(token.user(), token.session().id(), record,
          seq.longValue(), ts.longValue()));
    });
  }
}
