package io.taskbus.auth;

import java.util.List;

/**
 * A signed token and what it says.
 *
 * @param expiresAt epoch milliseconds
 * @param session the login it belongs to, whose key proves each message sent with the token
 */
public record IssuedToken(String token, long expiresAt, String user, List<String> permissions,
                          Session session) {

  @Override
  public String toString() { // never the token or the session's key
    return "IssuedToken[user=" + user + ", expiresAt=" + expiresAt + ", session=" + session.id()
        + "]";
  }
}
