package io.taskbus.dashboard;

import io.taskbus.client.JobInfo;
import io.taskbus.client.PoolListener;
import io.taskbus.node.NodeKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * STAND-IN for helper A's worker-side task stream (workers publish signed batches of the
 * chunks they ran on {@code <address>.stream}): until that is merged, the test's pool publishes
 * each chunk it got back as the worker would, signed with the workers' announcement key (derived
 * here from the cluster's secret as {@code ClusterKeys} does), its span the worker's run time up
 * to the answer, on the lowest slot free then. At the merge, delete this class and its use in
 * {@link DashboardBrowserTest}: the real workers' batches fill the task stream.
 */
final class TestStream implements PoolListener {

  private final Vertx vertx;
  private final PrivateKey key;
  private final String address;
  private final Map<String, long[]> slotsFreeAt = new HashMap<>();
  private final Map<String, Long> lastAt = new HashMap<>();

  TestStream(Vertx vertx, JsonObject nodeConf) throws Exception {
    this.vertx = vertx;
    this.address = NodeKeys.address(nodeConf) + ".stream";
    this.key = announcementKey(NodeKeys.tokenKeys(nodeConf).secret());
  }

  @Override
  public void chunkCompleted(JobInfo job, String worker, int items, long roundTripNanos,
      long workerMicros) {
    long end = System.currentTimeMillis();
    long start = end - Math.max(1, workerMicros / 1000);
    long[] slots = slotsFreeAt.computeIfAbsent(worker, w -> new long[2]);
    int slot = 0;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] <= start) {
        slot = i;
        break;
      }
      slot = slots[i] < slots[slot] ? i : slot;
    }
    slots[slot] = end;
    JsonObject batch = new JsonObject().put("worker", worker).put("node", "node-" + worker)
        .put("slots", slots.length).put("dropped", 0).put("spans", new JsonArray().add(
            new JsonObject().put("slot", slot).put("job", job.id()).put("user", "alice")
                .put("task", job.task()).put("items", items).put("start", start)
                .put("end", end).put("ok", true)));
    long at = Math.max(end, lastAt.getOrDefault(worker, 0L) + 1);
    lastAt.put(worker, at);
    vertx.eventBus().publish(address, sign(batch.encode(), at).toBuffer());
  }

  private JsonObject sign(String text, long at) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(StreamBatches.signed(text, at));
      return new JsonObject().put("stream", text).put("at", at)
          .put("signature", Base64.getEncoder().encodeToString(signature.sign()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The announcement signing key, derived from the secret as ClusterKeys derives it. */
  private static PrivateKey announcementKey(String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] seed = mac.doFinal("taskbus announcement signing v1".getBytes(
        StandardCharsets.UTF_8));
    SecureRandom fixed = new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
      }
    };
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    generator.initialize(NamedParameterSpec.ED25519, fixed);
    return generator.generateKeyPair().getPrivate();
  }
}
