package io.taskbus.client;

/**
 * The cluster refused the credentials or the token. The message never says whether the user
 * or the password was wrong.
 */
public class AuthenticationException extends TaskPoolException {

  public AuthenticationException(String message) {
    super(message);
  }
}
