package io.taskbus.auth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * One login's session: its id, the key only the client and the workers know (sealed in every
 * token of the session, handed to the client sealed under its login's key) and the time after
 * which no token of it is renewed.
 *
 * @param expiresAt epoch milliseconds: the session's absolute end
 */
public record Session(String id, byte[] key, long expiresAt) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new session that ends {@code lifetimeMs} after {@code now}. */
  public static Session create(long now, long lifetimeMs) {
    byte[] id = new byte[16];
    byte[] key = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(key);
    return new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(id), key,
        now + lifetimeMs);
  }

  @Override
  public String toString() {
    return "Session[" + id + "]"; // never the key
  }
}
