package io.taskbus.dashboard;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * STAND-IN for helper A's {@code Announcements.Verifier.readStream(envelope)} (issue 10 plan:
 * "Task stream batches"): checks a worker's stream envelope {@code {"stream": <batch as JSON
 * text>, "at": epochMs, "signature": base64}}, Ed25519 under the announcement key over the bytes
 * {@code "taskbus/1 stream"}, then {@code at} (8 bytes), then the text; this guesses A's byte
 * layout. At the merge, make {@link #reader} return {@code verifier::readStream} (mapping its
 * {@code StreamBatch(batch, at)}) and delete the rest of this class.
 */
final class StreamBatches {

  static final byte[] LABEL = "taskbus/1 stream".getBytes(StandardCharsets.UTF_8);

  /** A verified batch and when its worker signed it. */
  record Batch(JsonObject batch, long at) {
  }

  /** Reads an envelope: the batch when its signature holds, else null. */
  interface Reader {
    Batch read(JsonObject envelope);
  }

  private StreamBatches() {
  }

  /** @param announcementKey the base64 X.509 Ed25519 key announcements are checked with */
  static Reader reader(String announcementKey) {
    PublicKey key;
    try {
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
          Base64.getDecoder().decode(announcementKey)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage());
    }
    return envelope -> read(key, envelope);
  }

  /** The bytes a stream envelope's signature covers. */
  static byte[] signed(String text, long at) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(LABEL.length + 8 + bytes.length).put(LABEL).putLong(at)
        .put(bytes).array();
  }

  private static Batch read(PublicKey key, JsonObject envelope) {
    if (!(envelope.getValue("stream") instanceof String text)
        || !(envelope.getValue("at") instanceof Number at)
        || !(envelope.getValue("signature") instanceof String sig)) {
      return null;
    }
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(key);
      signature.update(signed(text, at.longValue()));
      if (!signature.verify(Base64.getDecoder().decode(sig))) {
        return null;
      }
      return new Batch(new JsonObject(text), at.longValue());
    } catch (GeneralSecurityException | IllegalArgumentException | DecodeException
        | ClassCastException e) {
      return null;
    }
  }
}
