package io.taskbus.testing;

import io.taskbus.auth.MessageAuth;
import io.taskbus.auth.ScramLogin;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.Headers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A login used by hand, as a client of another make would use it, to send raw messages: each
 * signed with the session's key as the protocol asks (or, for hostile tests, not).
 */
public final class RawSession {

  private final String bearer;
  private final String sessionId;
  private final byte[] key;
  private final MessageAuth auth;
  private long seq;

  private RawSession(String token, String sessionId, byte[] key) {
    this.bearer = Headers.BEARER + token;
    this.sessionId = sessionId;
    this.key = key;
    this.auth = MessageAuth.of(key);
  }

  /** Logs {@code user} in over {@code bus} (SCRAM, against the real auth service). */
  public static RawSession login(EventBus bus, String user, String password) throws Exception {
    JsonObject answer = ScramLogin.login(bus, Addresses.AUTH, user, password, 10_000)
        .await(20, TimeUnit.SECONDS);
    return new RawSession(answer.getString("token"),
        answer.getJsonObject("session").getString("id"), Base64.getDecoder().decode(answer.getJsonObject("session").getString("key")));
  }

  public String bearer() {
    return bearer;
  }

  /**
   * {@code options} naming this session instead of carrying its token, as a pool sends chunks
   * to a worker that holds the session.
   */
  public DeliveryOptions namingTheSession(DeliveryOptions options) {
    DeliveryOptions named = new DeliveryOptions(options);
    named.getHeaders().remove(Headers.AUTHORIZATION);
    return named.addHeader(Headers.SESSION, sessionId);
  }

  public byte[] key() {
    return key.clone();
  }

  /** A chunk's headers: its token, task and pool, and its MAC for {@code address}. */
  public synchronized DeliveryOptions chunk(String address, String task, String pool,
      Buffer body) {
    long n = seq++;
    long now = System.currentTimeMillis();
    return signed(new DeliveryOptions(), n, now, auth.chunk(address, task, pool, n, now, body))
        .addHeader(Headers.TASK, task).addHeader(Headers.POOL, pool);
  }

  /** A cancel's headers, for the cancel address of {@code taskAddress}. */
  public synchronized DeliveryOptions cancel(String taskAddress, String job) {
    long n = seq++;
    long now = System.currentTimeMillis();
    String to = Addresses.cancellations(taskAddress);
    return signed(new DeliveryOptions(), n, now, auth.cancel(to, job, n, now));
  }

  private DeliveryOptions signed(DeliveryOptions options, long n, long now, String mac) {
    return options.addHeader(Headers.AUTHORIZATION, bearer)
        .addHeader(Headers.SEQ, Long.toString(n)).addHeader(Headers.TIME, Long.toString(now))
        .addHeader(Headers.MAC, mac);
  }
}
