package io.taskbus.gateway;

import io.taskbus.auth.ClusterKeys;
import io.taskbus.auth.ScramException;
import io.taskbus.auth.ScramLogin;
import io.taskbus.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One connection's login, relayed to the cluster's auth service: the client's SCRAM messages go
 * to it as they are, and its answers come back, so the password never reaches the gateway. The
 * session comes back sealed for gateways ({@link ClusterKeys#sealForGateway}), which only a
 * node holding the cluster's secret opens: a member that answers in the auth service's place
 * cannot hand out a session.
 */
final class GatewayLogin {

  /** A login that ended: the server's signature for the client, the session for the gateway. */
  record Done(String serverFinal, JsonObject answer) {
  }

  private final EventBus bus;
  private final ClusterKeys keys;
  private final DeliveryOptions options;
  private Message<Object> challenge;
  private String conversation;

  GatewayLogin(EventBus bus, ClusterKeys keys, long timeoutMs) {
    this.bus = bus;
    this.keys = keys;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** True between the challenge and the proof. */
  boolean challenged() {
    return challenge != null;
  }

  /** The client's first message: the auth service's challenge (the server-first message). */
  Future<String> first(String clientFirst) {
    return bus.<Object>request(Addresses.AUTH, new JsonObject().put(ScramLogin.SCRAM, clientFirst)
        .put(ScramLogin.FOR, ScramLogin.FOR_GATEWAY), options).map(msg -> {
          JsonObject body = ScramLogin.read(msg);
          conversation = ScramLogin.field(body, ScramLogin.CONVERSATION);
          challenge = msg;
          return ScramLogin.field(body, ScramLogin.SCRAM);
        });
  }

  /** The client's proof: the login's end, or a failure (the auth service's refusal). */
  Future<Done> last(String clientFinal) {
    Message<Object> asked = challenge;
    challenge = null;
    return asked.<Object>replyAndRequest(new JsonObject()
            .put(ScramLogin.CONVERSATION, conversation).put(ScramLogin.SCRAM, clientFinal), options)
        .map(msg -> {
          JsonObject body = ScramLogin.read(msg);
          String serverFinal = ScramLogin.field(body, ScramLogin.SCRAM);
          try {
            return new Done(serverFinal, new JsonObject(keys.openAsGateway(
                ScramLogin.field(body, ScramLogin.SEALED), serverFinal)));
          } catch (IllegalArgumentException | DecodeException e) {
            throw new ScramException("the login's answer was not sealed for this cluster's"
                + " gateways: " + e.getMessage());
          }
        });
  }
}
