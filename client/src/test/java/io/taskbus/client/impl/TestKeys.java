package io.taskbus.client.impl;

import io.taskbus.auth.Announcements;
import io.taskbus.auth.ClusterKeys;
import io.taskbus.auth.Renewal;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.function.Function;

/** A test cluster's keys: its workers' announcements and the answers of its auth service. */
final class TestKeys {

  static final ClusterKeys CLUSTER = ClusterKeys.of("a-test-cluster-secret-of-enough-length");
  static final byte[] SESSION_KEY = new byte[32];

  static {
    SESSION_KEY[0] = 42;
  }

  private TestKeys() {
  }

  /** An announcement as a worker of the test cluster signs it at {@code at}. */
  static JsonObject signed(WorkerInfo info, long at) {
    return CLUSTER.announcementSigner().sign(info, at);
  }

  /** An announcement as a pool logged in to the test cluster reads it when signed at {@code at}. */
  static Announcements.Signed verified(WorkerInfo info, long at) {
    return reader().apply(signed(info, at));
  }

  /** How a pool logged in to the test cluster reads announcements. */
  static Function<JsonObject, Announcements.Signed> reader() {
    return Announcements.Verifier.of(CLUSTER.announcementKey())::read;
  }

  /** A login's answer: the token, its session (of {@link #SESSION_KEY}), the workers' key. */
  static JsonObject loginAnswer(String token, long expiresAt) {
    return new JsonObject().put("token", token).put("expiresAt", expiresAt)
        .put("session", new JsonObject().put("id", "session-1")
            .put("key", Base64.getEncoder().encodeToString(SESSION_KEY))
            .put("expiresAt", expiresAt + 86_400_000L))
        .put("announcementKey", CLUSTER.announcementKey());
  }

  /** A renewal's answer, sealed as the auth service seals it. */
  static JsonObject renewalAnswer(JsonObject answer) {
    return Renewal.answer(SESSION_KEY, answer);
  }
}
