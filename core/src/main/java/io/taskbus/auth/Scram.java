package io.taskbus.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives of SCRAM-SHA-256 (RFC 5802 with RFC 7677's hash), from the JDK's providers, and
 * the sealing of the login's answer under the key the exchange yields. No maintained SCRAM
 * library resolves from the build's repository, and these few functions are all the mechanism
 * needs.
 */
public final class Scram {

  /** RFC 7677: at least 4096; stored entries and servers that ask for fewer are refused. */
  public static final int MIN_ITERATIONS = 4096;
  /** A client computes no more than this: a fake server could otherwise make it spin. */
  public static final int MAX_ITERATIONS = 1_000_000;
  static final int SALT_BYTES = 16;
  static final String GS2_HEADER = "n,,";
  private static final byte[] SESSION_LABEL = bytes("taskbus session key");
  private static final String SEAL_CONTEXT = "taskbus login";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Scram() {
  }

  static byte[] saltedPassword(String password, byte[] salt, int iterations) {
    // SASLprep is approximated by NFKC, its normalisation step; the JDK's PBKDF2 encodes UTF-8
    char[] chars = Normalizer.normalize(password, Normalizer.Form.NFKC).toCharArray();
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(chars, salt, iterations, 256)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks PBKDF2WithHmacSHA256", e);
    }
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks HmacSHA256", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  static byte[] clientKey(byte[] saltedPassword) {
    return hmac(saltedPassword, bytes("Client Key"));
  }

  static byte[] serverKey(byte[] saltedPassword) {
    return hmac(saltedPassword, bytes("Server Key"));
  }

  /**
   * The key both ends hold once the client's proof is checked, and nobody else: the server
   * recovers ClientKey from the proof, and a relay that sees every message lacks StoredKey.
   */
  static byte[] sessionKey(byte[] clientKey, String authMessage) {
    return hmac(clientKey, concat(SESSION_LABEL, bytes(authMessage)));
  }

  /** AES-256-GCM under {@code key}, for a login's answer. */
  static String seal(byte[] key, String plaintext) {
    return Sealed.seal(key, plaintext, SEAL_CONTEXT);
  }

  /** The plaintext of {@link #seal}; fails when it was sealed under another key or changed. */
  static String open(byte[] key, String sealed) {
    try {
      return Sealed.openText(key, sealed, SEAL_CONTEXT);
    } catch (IllegalArgumentException e) {
      throw new ScramException("the sealed answer: " + e.getMessage());
    }
  }

  /** A fresh nonce: 18 random bytes, base64 (printable, no comma). */
  static String nonce() {
    return b64(random(18));
  }

  static byte[] random(int n) {
    byte[] out = new byte[n];
    RANDOM.nextBytes(out);
    return out;
  }

  /** A SCRAM message's attributes in order; fails on anything but {@code x=value} pairs. */
  static Map<Character, String> attributes(String message) {
    Map<Character, String> out = new LinkedHashMap<>();
    for (String part : message.split(",", -1)) {
      if (part.length() < 2 || part.charAt(1) != '=' || out.put(part.charAt(0),
          part.substring(2)) != null) {
        throw new ScramException("not a SCRAM message");
      }
    }
    return out;
  }

  static String required(Map<Character, String> attributes, char name) {
    String value = attributes.get(name);
    if (value == null || value.isEmpty()) {
      throw new ScramException("the SCRAM message has no '" + name + "' attribute");
    }
    return value;
  }

  /** RFC 5802's saslname: ',' and '=' escaped. */
  static String escape(String name) {
    return name.replace("=", "=3D").replace(",", "=2C");
  }

  static String unescape(String saslname) {
    if (saslname.replace("=3D", "").replace("=2C", "").contains("=")) {
      throw new ScramException("a bad escape in the user name");
    }
    return saslname.replace("=2C", ",").replace("=3D", "=");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] unb64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new ScramException("not base64");
    }
  }
}
