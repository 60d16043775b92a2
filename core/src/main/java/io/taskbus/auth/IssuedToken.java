package io.taskbus.auth;

import java.util.List;

/**
 * A signed token and what it says.
 *
 * @param expiresAt epoch milliseconds
 */
public record IssuedToken(String token, long expiresAt, String user, List<String> permissions) {

  @Override
  public String toString() {
    return "IssuedToken[user=" + user + ", expiresAt=" + expiresAt + "]"; // never the token itself
  }
}
