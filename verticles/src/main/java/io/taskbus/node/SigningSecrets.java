package io.taskbus.node;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * How much a token signing secret can hold, and fresh secrets. A secret of hex digits counts 4
 * bits a character and one of base64 characters 6 bits (what it decodes to, whatever it is
 * used as), any other text 8 bits a byte: an upper bound of its entropy, never an estimate
 * above it. Nodes refuse a secret under {@value #MIN_BITS} bits.
 */
public final class SigningSecrets {

  static final int MIN_BITS = 256;
  private static final int FRESH_BYTES = MIN_BITS / 8;
  private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SigningSecrets() {
  }

  /** A fresh secret: {@value #MIN_BITS} random bits, base64 (44 characters). */
  public static String generate() {
    byte[] bytes = new byte[FRESH_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The most bits {@code secret} can hold, read as hex, else base64, else raw text. */
  static int bits(String secret) {
    if (HEX.matcher(secret).matches()) {
      return secret.length() * 4;
    }
    if (BASE64.matcher(secret).matches()) {
      return secret.replace("=", "").length() * 6 / 8 * 8;
    }
    return secret.getBytes(StandardCharsets.UTF_8).length * 8;
  }

  /**
   * Refuses a secret under {@value #MIN_BITS} bits, naming where it came from (never the
   * secret itself).
   */
  static void check(String secret, String source) {
    int bits = bits(secret);
    if (bits < MIN_BITS) {
      throw new IllegalStateException("the token secret from " + source + " holds at most "
          + bits + " bits, fewer than " + MIN_BITS + ": 'bin/taskbus secret --out FILE' makes"
          + " one (32 random bytes, base64); 64 hex digits or 32 bytes of text also do");
    }
  }
}
