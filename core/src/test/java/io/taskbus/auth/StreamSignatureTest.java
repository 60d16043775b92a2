package io.taskbus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task-stream batches are signed like announcements, over bytes no announcement has. */
class StreamSignatureTest {

  private static final ClusterKeys KEYS = ClusterKeys.of("the-cluster-secret-of-enough-length");
  private static final Announcements.Verifier VERIFIER =
      Announcements.Verifier.of(KEYS.announcementKey());

  private static JsonObject batch() {
    return new JsonObject().put("worker", "w").put("node", "n").put("slots", 2)
        .put("dropped", 0).put("spans", new JsonArray().add(new JsonObject().put("slot", 0)
            .put("job", "j").put("user", "alice").put("task", "double").put("items", 16)
            .put("start", 1000L).put("end", 1002L).put("ok", true)));
  }

  @Test
  void readStream_ofASignedBatch_givesItBackWithItsTime() {
    JsonObject envelope = KEYS.announcementSigner().signStream(batch(), 5000);
    assertThat(VERIFIER.readStream(envelope))
        .isEqualTo(new Announcements.StreamBatch(batch(), 5000));
  }

  @Test
  void readStream_ofATamperedBatch_isNull() {
    JsonObject envelope = KEYS.announcementSigner().signStream(batch(), 5000);
    JsonObject changed = batch();
    changed.getJsonArray("spans").getJsonObject(0).put("user", "mallory");
    assertThat(VERIFIER.readStream(envelope.copy().put("stream", changed.encode()))).isNull();
    assertThat(VERIFIER.readStream(envelope.copy().put("at", 5001))).isNull();
    assertThat(VERIFIER.readStream(envelope.copy().put("signature", "AAAA"))).isNull();
    assertThat(VERIFIER.readStream(envelope.copy().put("stream", 42))).isNull();
    assertThat(VERIFIER.readStream(batch())).as("unsigned").isNull();
    JsonObject otherCluster = ClusterKeys.of("another-secret-of-enough-length")
        .announcementSigner().signStream(batch(), 5000);
    assertThat(VERIFIER.readStream(otherCluster)).isNull();
  }

  @Test
  void signatures_neverPassAsTheOtherKind() {
    WorkerInfo info = new WorkerInfo("w", "n", "taskbus.tasks.w.w", 2, 4, List.of("double"),
        false, 1000);
    JsonObject announcement = KEYS.announcementSigner().sign(info, 5000);
    JsonObject stream = KEYS.announcementSigner().signStream(info.toJson(), 5000);
    // the same text and time under each envelope's name: each signature holds for its kind only
    assertThat(VERIFIER.read(announcement)).isNotNull();
    assertThat(VERIFIER.readStream(stream)).isNotNull();
    assertThat(VERIFIER.readStream(new JsonObject().put("stream", announcement
        .getString("announcement")).put("at", 5000).put("signature",
        announcement.getString("signature")))).isNull();
    assertThat(VERIFIER.read(new JsonObject().put("announcement", stream.getString("stream"))
        .put("at", 5000).put("signature", stream.getString("signature")))).isNull();
    assertThat(VERIFIER.readStream(announcement)).isNull();
    assertThat(VERIFIER.read(stream)).isNull();
  }
}
