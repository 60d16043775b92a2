package io.taskbus.auth;

import java.security.MessageDigest;

/**
 * What a server keeps of a password (RFC 5802): the salt, the iteration count, StoredKey and
 * ServerKey. They let the server check a login and prove itself, but are not the password: a
 * client cannot log in with them. Written as {@code scram-sha-256:<i>:<salt>:<stored>:<server>}
 * (base64), the form of a users file entry.
 */
public record StoredKeys(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

  public static final String PREFIX = "scram-sha-256:";

  /** Keys for {@code password} with a fresh random salt. */
  public static StoredKeys derive(String password, int iterations) {
    return derive(password, Scram.random(Scram.SALT_BYTES), iterations);
  }

  static StoredKeys derive(String password, byte[] salt, int iterations) {
    if (iterations < Scram.MIN_ITERATIONS) {
      throw new IllegalArgumentException("at least " + Scram.MIN_ITERATIONS + " iterations");
    }
    byte[] salted = Scram.saltedPassword(password, salt, iterations);
    return new StoredKeys(salt, iterations, Scram.sha256(Scram.clientKey(salted)),
        Scram.serverKey(salted));
  }

  /**
   * Parses {@link #encode()}'s form.
   *
   * @throws IllegalArgumentException with what is wrong (never the value itself)
   */
  public static StoredKeys parse(String encoded) {
    if (!encoded.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a " + PREFIX + " entry");
    }
    String[] parts = encoded.substring(PREFIX.length()).split(":", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("a " + PREFIX + " entry has 4 fields after its prefix");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[0]);
      StoredKeys keys = new StoredKeys(Scram.unb64(parts[1]), iterations, Scram.unb64(parts[2]),
          Scram.unb64(parts[3]));
      if (iterations < Scram.MIN_ITERATIONS || keys.storedKey.length != 32
          || keys.serverKey.length != 32 || keys.salt.length == 0) {
        throw new IllegalArgumentException("a " + PREFIX + " entry needs at least "
            + Scram.MIN_ITERATIONS + " iterations, a salt and two 32-byte keys");
      }
      return keys;
    } catch (NumberFormatException | ScramException e) {
      throw new IllegalArgumentException("a " + PREFIX + " entry is malformed");
    }
  }

  public String encode() {
    return PREFIX + iterations + ":" + Scram.b64(salt) + ":" + Scram.b64(storedKey) + ":"
        + Scram.b64(serverKey);
  }

  /** Whether {@code clientKey} is the one these keys were made from; constant time. */
  boolean matchesClientKey(byte[] clientKey) {
    return MessageDigest.isEqual(Scram.sha256(clientKey), storedKey);
  }

  @Override
  public String toString() {
    return "StoredKeys[" + iterations + " iterations]"; // the keys stay out of logs
  }
}
