package io.taskbus.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM: what only the holders of a key may read, and nobody may change unseen. The
 * {@code context} is authenticated with it, so a sealed text cannot be moved to another use.
 */
public final class Sealed {

  private static final int IV_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sealed() {
  }

  /** A random IV, then the ciphertext and its tag; base64. */
  public static String seal(byte[] key, byte[] plaintext, String context) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, iv, context).doFinal(plaintext);
      return Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal with AES-GCM", e);
    }
  }

  public static String seal(byte[] key, String plaintext, String context) {
    return seal(key, plaintext.getBytes(StandardCharsets.UTF_8), context);
  }

  /**
   * What {@link #seal} sealed under {@code key} for {@code context}.
   *
   * @throws IllegalArgumentException when it was sealed under another key or for another
   *     context, or changed, or is not a sealed text at all
   */
  public static byte[] open(byte[] key, String sealed, String context) {
    byte[] all;
    try {
      all = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a sealed text is base64");
    }
    if (all.length <= IV_BYTES) {
      throw new IllegalArgumentException("the sealed text is too short");
    }
    try {
      return gcm(Cipher.DECRYPT_MODE, key, Arrays.copyOf(all, IV_BYTES), context)
          .doFinal(all, IV_BYTES, all.length - IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the sealed text does not open with this key");
    }
  }

  public static String openText(byte[] key, String sealed, String context) {
    return new String(open(key, sealed, context), StandardCharsets.UTF_8);
  }

  private static Cipher gcm(int mode, byte[] key, byte[] iv, String context)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
