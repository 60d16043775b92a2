package io.taskbus.auth;

import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Worker announcements signed with Ed25519 by a key only the holders of the cluster's secret
 * derive ({@link ClusterKeys}): {@code {announcement: <WorkerInfo as JSON text>, at: <epoch ms>,
 * signature}}. The signature covers the text and the time, so neither can be changed, and the
 * time lets a client refuse an old one played back.
 *
 * <p>Workers sign their task-stream batches with the same key, {@code {stream: <batch as JSON
 * text>, at, signature}}, over different bytes: a label first ({@value #STREAM_LABEL}), which
 * no announcement's bytes begin with (those begin with the time, then JSON), so neither kind's
 * signature ever passes as the other's.
 */
public final class Announcements {

  static final String TEXT = "announcement";
  static final String AT = "at";
  static final String SIGNATURE = "signature";
  static final String STREAM = "stream";
  /** What a stream batch's signed bytes begin with. */
  static final String STREAM_LABEL = "taskbus/1 stream";
  /** The longest stream batch read: 500 spans fit in far less. */
  static final int MAX_STREAM_CHARS = 1 << 20;

  private Announcements() {
  }

  /** An announcement whose signature holds, and when its worker made it. */
  public record Signed(WorkerInfo info, long at) {
  }

  /** A task-stream batch whose signature holds, and when its worker made it. */
  public record StreamBatch(JsonObject batch, long at) {
  }

  /** Signs announcements; made from the cluster's keys. Not thread-safe. */
  public static final class Signer {
    private final PrivateKey key;

    Signer(PrivateKey key) {
      this.key = key;
    }

    public JsonObject sign(WorkerInfo info, long at) {
      String text = info.toJson().encode();
      return new JsonObject().put(TEXT, text).put(AT, at)
          .put(SIGNATURE, signature(signed(text, at)));
    }

    /** A task-stream batch's envelope: {@code {stream: <batch as JSON text>, at, signature}}. */
    public JsonObject signStream(JsonObject batch, long at) {
      String text = batch.encode();
      return new JsonObject().put(STREAM, text).put(AT, at)
          .put(SIGNATURE, signature(streamSigned(text, at)));
    }

    private String signature(byte[] bytes) {
      try {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key);
        signature.update(bytes);
        return Base64.getEncoder().encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot sign with Ed25519", e);
      }
    }
  }

  /** Checks announcements with the public key a client got at login. */
  public static final class Verifier {
    private final PublicKey key;

    private Verifier(PublicKey key) {
      this.key = key;
    }

    /** @throws IllegalArgumentException when {@code encoded} is not an Ed25519 public key */
    public static Verifier of(String encoded) {
      try {
        return new Verifier(KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded))));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage());
      }
    }

    /** The announcement, or null when it is not one signed by the cluster's workers. */
    public Signed read(JsonObject envelope) {
      if (!(envelope.getValue(TEXT) instanceof String text)
          || !(envelope.getValue(AT) instanceof Number at)
          || !(envelope.getValue(SIGNATURE) instanceof String sig)) {
        return null;
      }
      try {
        if (!verified(signed(text, at.longValue()), sig)) {
          return null;
        }
        return new Signed(WorkerInfo.fromJson(new JsonObject(text)), at.longValue());
      } catch (GeneralSecurityException | IllegalArgumentException | DecodeException
          | ClassCastException e) {
        return null;
      }
    }

    /**
     * The task-stream batch, or null when it is not one signed by the cluster's workers (an
     * announcement's envelope or signature included). Its spans are as the worker wrote them:
     * the reader still checks their values' types and ranges.
     */
    public StreamBatch readStream(JsonObject envelope) {
      if (!(envelope.getValue(STREAM) instanceof String text)
          || text.length() > MAX_STREAM_CHARS
          || !(envelope.getValue(AT) instanceof Number at)
          || !(envelope.getValue(SIGNATURE) instanceof String sig)) {
        return null;
      }
      try {
        if (!verified(streamSigned(text, at.longValue()), sig)) {
          return null;
        }
        return new StreamBatch(new JsonObject(text), at.longValue());
      } catch (GeneralSecurityException | IllegalArgumentException | DecodeException
          | ClassCastException e) {
        return null;
      }
    }

    private boolean verified(byte[] bytes, String sig) throws GeneralSecurityException {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(key);
      signature.update(bytes);
      return signature.verify(Base64.getDecoder().decode(sig));
    }
  }

  static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  private static byte[] signed(String text, long at) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + bytes.length).putLong(at).put(bytes).array();
  }

  private static byte[] streamSigned(String text, long at) {
    byte[] label = STREAM_LABEL.getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(label.length + 8 + bytes.length).put(label).putLong(at)
        .put(bytes).array();
  }
}
