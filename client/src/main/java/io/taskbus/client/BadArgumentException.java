package io.taskbus.client;

/** An item's arguments do not fit its task (wrong count or type); the task never ran. */
public class BadArgumentException extends TaskPoolException {

  private final long index;

  public BadArgumentException(long index, String message) {
    super(message);
    this.index = index;
  }

  public long index() {
    return index;
  }
}
