package io.taskbus.client;

/** No worker (or no login service) answered on the pool's address within the wait. */
public class NoWorkersException extends TaskPoolException {

  public NoWorkersException(String message) {
    super(message);
  }
}
