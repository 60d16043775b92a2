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
 */
public final class Announcements {

  static final String TEXT = "announcement";
  static final String AT = "at";
  static final String SIGNATURE = "signature";

  private Announcements() {
  }

  /** An announcement whose signature holds, and when its worker made it. */
  public record Signed(WorkerInfo info, long at) {
  }

  /** Signs announcements; made from the cluster's keys. Not thread-safe. */
  public static final class Signer {
    private final PrivateKey key;

    Signer(PrivateKey key) {
      this.key = key;
    }

    public JsonObject sign(WorkerInfo info, long at) {
      String text = info.toJson().encode();
      try {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key);
        signature.update(signed(text, at));
        return new JsonObject().put(TEXT, text).put(AT, at)
            .put(SIGNATURE, Base64.getEncoder().encodeToString(signature.sign()));
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
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(key);
        signature.update(signed(text, at.longValue()));
        if (!signature.verify(Base64.getDecoder().decode(sig))) {
          return null;
        }
        return new Signed(WorkerInfo.fromJson(new JsonObject(text)), at.longValue());
      } catch (GeneralSecurityException | IllegalArgumentException | DecodeException
          | ClassCastException e) {
        return null;
      }
    }
  }

  static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  private static byte[] signed(String text, long at) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + bytes.length).putLong(at).put(bytes).array();
  }
}
