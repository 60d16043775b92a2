package io.taskbus.auth;

/** A SCRAM exchange that cannot go on: a malformed message, or a proof that does not hold. */
public final class ScramException extends RuntimeException {

  public ScramException(String message) {
    super(message, null, false, false);
  }
}
