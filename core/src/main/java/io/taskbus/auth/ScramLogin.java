package io.taskbus.auth;

import io.taskbus.protocol.MessageBodies;
import io.taskbus.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A SCRAM-SHA-256 login over the event bus: {@code {scram: client-first}} to the auth address;
 * its reply {@code {sid, scram: server-first}} is answered (as a reply, so it reaches the same
 * auth node) with {@code {sid, scram: client-final}}; the last reply is {@code {scram:
 * server-final, sealed}}. The answer (token, expiresAt, ...) is read only once the server's
 * signature proves it holds the user's keys, and it is sealed under the exchange's key: neither
 * a fake auth service nor a relay learns the password or the token.
 */
public final class ScramLogin {

  public static final String SCRAM = "scram";
  public static final String CONVERSATION = "sid";
  public static final String SEALED = "sealed";
  /** A client-first's field naming who the answer is sealed for: {@link #FOR_GATEWAY}. */
  public static final String FOR = "for";
  /** The answer is sealed for gateways (ClusterKeys#sealForGateway), not for the client. */
  public static final String FOR_GATEWAY = "gateway";
  /** A SCRAM message or a sealed answer fits in far less. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024;

  private ScramLogin() {
  }

  /**
   * Logs in on {@code address}; each of the two round trips may take up to {@code timeoutMs}.
   *
   * @return the sealed answer, opened; fails with {@link ScramException} when the server does
   *     not prove itself or sends what a login cannot use, or with the auth service's failure
   */
  public static Future<JsonObject> login(EventBus bus, String address, String username,
      String password, long timeoutMs) {
    ScramClient scram = ScramClient.create(username, password);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    return bus.<Object>request(address, new JsonObject().put(SCRAM, scram.clientFirst()), options)
        .compose(challenge -> {
          JsonObject body = read(challenge);
          String clientFinal = scram.clientFinal(field(body, SCRAM));
          return challenge.<Object>replyAndRequest(new JsonObject()
              .put(CONVERSATION, field(body, CONVERSATION)).put(SCRAM, clientFinal), options);
        })
        .map(last -> {
          JsonObject body = read(last);
          scram.verifyServerFinal(field(body, SCRAM));
          try {
            return new JsonObject(scram.open(field(body, SEALED)));
          } catch (DecodeException e) {
            throw new ScramException("the sealed answer is not a JSON object");
          }
        });
  }

  /** An auth service's answer, read only when it is a small JSON object. */
  public static JsonObject read(Message<?> msg) {
    try {
      return MessageBodies.readObject(msg, MAX_MESSAGE_BYTES);
    } catch (ProtocolException e) {
      throw new ScramException("the auth service's answer cannot be read: " + e.getMessage());
    }
  }

  /** A text field of an auth service's answer; its absence is a failed login. */
  public static String field(JsonObject body, String name) {
    if (body.getValue(name) instanceof String s) {
      return s;
    }
    throw new ScramException("the auth service's answer has no '" + name + "'");
  }
}
